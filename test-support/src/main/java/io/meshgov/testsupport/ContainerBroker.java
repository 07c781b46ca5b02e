package io.meshgov.testsupport;

import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The apache/kafka image in KRaft mode, for machines with a Docker engine. Its port is bound to a
 * fixed host port chosen free at start, so stopping and starting the same container keeps the
 * address that clients and the advertised listener use.
 */
final class ContainerBroker implements TestBroker {

  private final KafkaContainer container;
  private final int hostPort;

  private ContainerBroker(KafkaContainer container, int hostPort) {
    this.container = container;
    this.hostPort = hostPort;
  }

  static ContainerBroker start() {
    int hostPort;
    try {
      hostPort = KraftBroker.freePort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    KafkaContainer container =
        new KafkaContainer("apache/kafka:3.9.1")
            .withCreateContainerCmdModifier(
                cmd ->
                    cmd.getHostConfig()
                        .withPortBindings(
                            new PortBinding(
                                Ports.Binding.bindPort(hostPort), ExposedPort.tcp(9092))));
    container.start();
    return new ContainerBroker(container, hostPort);
  }

  @Override
  public String bootstrapServers() {
    return "127.0.0.1:" + hostPort;
  }

  @Override
  public void stop() {
    if (container.isRunning()) {
      container.getDockerClient().stopContainerCmd(container.getContainerId()).exec();
    }
  }

  @Override
  public void startAgain() {
    container.getDockerClient().startContainerCmd(container.getContainerId()).exec();
  }

  @Override
  public void close() {
    container.stop();
  }
}
