package io.meshgov.query.graph;

import io.meshgov.lineage.projection.GraphSchema;
import io.meshgov.plumbing.DataSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts the embedded Neo4j on a thread of its own as soon as the application context is prepared,
 * so that its start (the largest single step of the application's: seconds of class loading and
 * store opening) runs beside Spring's own set-up instead of after it. Only when the query side is
 * on and no Neo4j server is configured, that is when the {@code graphConnection} bean would start
 * the embedded Neo4j anyway; that bean then {@linkplain #claim() claims} the connection, waiting
 * for the start if it has not finished, and owns it from then on. A context that fails or closes
 * before claiming it closes it.
 */
public final class EarlyGraphStart
    implements ApplicationContextInitializer<ConfigurableApplicationContext> {

  /** The name the pending start is registered under in the bean factory. */
  static final String BEAN = "meshgov.earlyGraphStart";

  /**
   * How long the bean waits for the start: recovery of a large store after a crash can take
   * minutes, but a start that never ends must not hold the application's start for ever.
   */
  static final Duration MAX_WAIT = Duration.ofMinutes(15);

  private static final Logger log = LoggerFactory.getLogger(EarlyGraphStart.class);

  @Override
  public void initialize(ConfigurableApplicationContext context) {
    Binder binder = Binder.get(context.getEnvironment());
    boolean querySide = binder.bind("meshgov.query-side.enabled", Boolean.class).orElse(true);
    Neo4jSettings neo4j = binder.bindOrCreate("meshgov.neo4j", Neo4jSettings.class);
    if (!querySide
        || !neo4j.uri().isBlank()
        || !(context.getBeanFactory() instanceof DefaultListableBeanFactory factory)
        || factory.containsSingleton(BEAN)) {
      return;
    }
    Path dataDir = binder.bindOrCreate("meshgov", DataSettings.class).dataDir();
    Pending pending = Pending.start(dataDir);
    factory.registerSingleton(BEAN, pending);
    factory.registerDisposableBean(BEAN + ".unclaimed", pending::closeUnclaimed);
  }

  /** Where the embedded Neo4j keeps its files under the data folder. */
  static Path home(Path dataDir) {
    return dataDir.resolve("neo4j");
  }

  /** The file that keeps the embedded Neo4j's secret under the data folder. */
  static Path secretFile(Path dataDir) {
    return dataDir.resolve("keys").resolve("neo4j-secret");
  }

  /** Opens the embedded graph and makes its schema: what the early start does on its thread. */
  static GraphConnection open(Path dataDir) {
    GraphConnection connection = GraphConnection.embedded(home(dataDir), secretFile(dataDir));
    try {
      GraphSchema.create(connection.driver());
    } catch (RuntimeException | Error e) {
      connection.close();
      throw e;
    }
    return connection;
  }

  /** A start under way: its outcome, and whether the context has taken it. */
  static final class Pending {

    private final Path dataDir;
    private final CompletableFuture<GraphConnection> started = new CompletableFuture<>();
    private final AtomicBoolean claimed = new AtomicBoolean();

    private Pending(Path dataDir) {
      this.dataDir = dataDir;
    }

    static Pending start(Path dataDir) {
      Pending pending = new Pending(dataDir);
      Thread thread =
          new Thread(
              () -> {
                try {
                  long begun = System.nanoTime();
                  pending.started.complete(open(dataDir));
                  log.info(
                      "Embedded lineage graph started in {} ms",
                      TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begun));
                } catch (Throwable e) {
                  pending.started.completeExceptionally(e);
                }
              },
              "embedded-neo4j-start");
      // a start that hangs must not keep the JVM alive once the application has given up on it
      thread.setDaemon(true);
      thread.start();
      return pending;
    }

    Path dataDir() {
      return dataDir;
    }

    /**
     * The started connection, for the one bean that owns it from now on; a start that failed fails
     * here with its own exception, as it would have on the bean's thread.
     */
    GraphConnection claim() {
      if (!claimed.compareAndSet(false, true)) {
        throw new IllegalStateException("the embedded lineage graph was claimed twice");
      }
      try {
        return started.get(MAX_WAIT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RuntimeException runtime) {
          throw runtime;
        }
        if (e.getCause() instanceof Error error) {
          throw error;
        }
        throw new IllegalStateException("the embedded lineage graph did not start", e.getCause());
      } catch (TimeoutException e) {
        throw new IllegalStateException(
            "the embedded lineage graph did not start within " + MAX_WAIT, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while the embedded lineage graph started", e);
      }
    }

    /** At the context's end: a connection nobody claimed is closed once its start has ended. */
    void closeUnclaimed() {
      if (claimed.get()) {
        return;
      }
      try {
        started.get(MAX_WAIT.toMillis(), TimeUnit.MILLISECONDS).close();
      } catch (ExecutionException e) {
        // it never started: nothing to close
      } catch (TimeoutException e) {
        log.warn("the embedded lineage graph's start did not end; leaving it");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
