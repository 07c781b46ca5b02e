package io.meshgov.testsupport;

import io.meshgov.lineage.embedded.EmbeddedNeo4j;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.CountDownLatch;

/**
 * One server of the distributed setup in a process of its own, for {@code bin/distributed}: a Kafka
 * broker in KRaft mode or a Neo4j server with Bolt, both on 127.0.0.1 on free ports, their files
 * under a folder given. The address is written to a file once the server listens (written whole,
 * then moved into place, so a reader never sees half of it); the server stops when the process is
 * told to (SIGTERM), which is how the script stops it, by its process id.
 *
 * <pre>
 *   java -cp ... io.meshgov.testsupport.LocalServer kafka &lt;folder&gt; &lt;address file&gt;
 *   java -cp ... io.meshgov.testsupport.LocalServer neo4j &lt;folder&gt; &lt;address file&gt;
 *       (the password of the user neo4j from the environment: MESHGOV_NEO4J_PASSWORD)
 * </pre>
 */
public final class LocalServer {

  private LocalServer() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      System.err.println("usage: LocalServer kafka|neo4j <folder> <address file>");
      System.exit(2);
    }
    Path folder = Path.of(args[1]);
    Path addressFile = Path.of(args[2]);
    Files.createDirectories(folder);
    AutoCloseable server;
    String address;
    switch (args[0]) {
      case "kafka" -> {
        KraftBroker broker = KraftBroker.start(folder);
        server = broker;
        address = broker.bootstrapServers();
      }
      case "neo4j" -> {
        String password = System.getenv("MESHGOV_NEO4J_PASSWORD");
        if (password == null || password.length() < 8) {
          System.err.println("MESHGOV_NEO4J_PASSWORD must hold at least 8 characters");
          System.exit(2);
          return;
        }
        EmbeddedNeo4j neo4j = EmbeddedNeo4j.startWithAuthentication(folder, password);
        server = neo4j;
        address = neo4j.boltUri().toString();
      }
      default -> {
        System.err.println("not a server this knows: " + args[0]);
        System.exit(2);
        return;
      }
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    server.close();
                  } catch (Exception e) {
                    System.err.println("stopping " + args[0] + ": " + e);
                  } finally {
                    stopped.countDown();
                  }
                }));
    Path partial = addressFile.resolveSibling(addressFile.getFileName() + ".partial");
    Files.writeString(partial, address + "\n", StandardCharsets.UTF_8);
    Files.move(partial, addressFile, StandardCopyOption.ATOMIC_MOVE);
    System.out.println(args[0] + " listening at " + address);
    stopped.await();
  }
}
