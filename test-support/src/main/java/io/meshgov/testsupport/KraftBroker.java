package io.meshgov.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Features;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real Kafka broker in KRaft mode (one node, broker and controller) inside the test JVM: Kafka's
 * own server classes, listening on 127.0.0.1 on ports chosen free when it is made. It can be
 * stopped and started again on the same ports and the same log folder, as a restarted broker is.
 */
public final class KraftBroker implements TestBroker {

  private final Path logDir;
  private final int port;
  private final int controllerPort;
  private KafkaRaftServer server;

  private KraftBroker(Path logDir, int port, int controllerPort) {
    this.logDir = logDir;
    this.port = port;
    this.controllerPort = controllerPort;
  }

  public static KraftBroker start() {
    try {
      return start(Files.createTempDirectory("meshgov-kafka-test"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A broker keeping its log under {@code logDir} (formatted there: it must be empty). */
  public static KraftBroker start(Path logDir) {
    try {
      KraftBroker broker = new KraftBroker(logDir, freePort(), freePort());
      broker.format();
      broker.startAgain();
      return broker;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  @Override
  public synchronized void startAgain() {
    if (server != null) {
      throw new IllegalStateException("the broker is running");
    }
    KafkaRaftServer started = new KafkaRaftServer(new KafkaConfig(config(), false), Time.SYSTEM);
    started.startup();
    server = started;
  }

  @Override
  public synchronized void stop() {
    if (server != null) {
      server.shutdown();
      server.awaitShutdown();
      server = null;
    }
  }

  @Override
  public void close() {
    stop();
  }

  private void format() {
    try {
      new Formatter()
          .setPrintStream(System.out)
          .setSupportedFeatures(Features.PRODUCTION_FEATURES)
          .setNodeId(1)
          .setClusterId(Uuid.randomUuid().toString())
          .addDirectory(logDir.toString())
          .setMetadataLogDirectory(logDir.toString())
          .setControllerListenerName("CONTROLLER")
          .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
          .run();
    } catch (Exception e) {
      throw new IllegalStateException("cannot format the broker's log folder " + logDir, e);
    }
  }

  private Properties config() {
    Properties config = new Properties();
    config.put("process.roles", "broker,controller");
    config.put("node.id", "1");
    config.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    config.put(
        "listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
    config.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
    config.put("controller.listener.names", "CONTROLLER");
    config.put("inter.broker.listener.name", "PLAINTEXT");
    config.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    config.put("log.dirs", logDir.toString());
    config.put("offsets.topic.replication.factor", "1");
    config.put("offsets.topic.num.partitions", "1");
    config.put("transaction.state.log.replication.factor", "1");
    config.put("transaction.state.log.min.isr", "1");
    config.put("group.initial.rebalance.delay.ms", "0");
    config.put("num.partitions", "1");
    return config;
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
