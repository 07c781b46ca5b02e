package io.meshgov.server;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The one runnable application. Without a profile it runs {@code embedded}: everything in one
 * process, the event store in a file under {@code ./data}, no server to install. The {@code
 * postgres} profile keeps the event store on PostgreSQL instead.
 */
@SpringBootApplication
public class MeshgovApplication {

  public static void main(String[] args) {
    SpringApplication.run(MeshgovApplication.class, args);
  }
}
