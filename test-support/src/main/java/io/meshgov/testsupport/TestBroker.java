package io.meshgov.testsupport;

import org.testcontainers.DockerClientFactory;

/**
 * The Kafka broker of a test: in KRaft mode either inside this JVM ({@link KraftBroker}) or as the
 * official apache/kafka container image ({@link ContainerBroker}). One switch chooses: {@code
 * -Dmeshgov.test.kafka=embedded|container|auto}; auto (the default) takes the container where a
 * Docker engine exists. Either can be stopped and started again at the same address.
 */
public interface TestBroker extends AutoCloseable {

  String bootstrapServers();

  void stop();

  void startAgain();

  @Override
  default void close() {
    stop();
  }

  static TestBroker start() {
    String mode = System.getProperty("meshgov.test.kafka", "auto");
    boolean container =
        mode.equals("container")
            || (mode.equals("auto") && DockerClientFactory.instance().isDockerAvailable());
    return container ? ContainerBroker.start() : KraftBroker.start();
  }
}
