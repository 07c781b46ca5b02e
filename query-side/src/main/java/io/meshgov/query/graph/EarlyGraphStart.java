package io.meshgov.query.graph;

import io.meshgov.lineage.projection.GraphProjector;
import io.meshgov.plumbing.DataSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.Environment;

/**
 * Starts the embedded Neo4j on a thread of its own as soon as the application context is prepared,
 * so that its start (the largest single step of the application's: seconds of class loading and
 * store opening) runs beside Spring's own set-up instead of after it. Only when the settings say
 * the query side is on and no Neo4j server is configured, that is when the {@code graphConnection}
 * bean would start the embedded Neo4j anyway; that bean then {@linkplain Pending#claim() claims}
 * the connection, waiting for the start if it has not finished, and owns it from then on.
 *
 * <p>A start nobody claimed is closed: when the context has been refreshed without claiming it (the
 * query side's configuration excluded, say; a bean made later opens a graph of its own), when the
 * application fails to start, and when the context closes.
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
    if (!wanted(context.getEnvironment())
        || !(context instanceof GenericApplicationContext generic)
        || !(generic.getBeanFactory() instanceof DefaultListableBeanFactory factory)
        || startedAbove(context)) {
      return;
    }
    Path dataDir = dataDir(context.getEnvironment());
    Pending pending = Pending.start(dataDir);
    factory.registerSingleton(BEAN, pending);
    factory.registerDisposableBean(BEAN + ".unclaimed", pending::closeUnclaimed);
    context.addApplicationListener(
        event -> {
          if (event instanceof ContextRefreshedEvent refreshed
              && refreshed.getApplicationContext() == context) {
            pending.release(); // refreshed without claiming it: nobody will
          } else if (event instanceof ApplicationFailedEvent failed
              && failed.getApplicationContext() == context) {
            pending.closeUnclaimed();
          }
        });
  }

  /**
   * What the query side's auto-configuration and the {@code graphConnection} bean decide, read the
   * same way: the query side on unless {@code meshgov.query-side.enabled} is other than {@code
   * true}, and no {@code meshgov.neo4j.uri}.
   */
  private static boolean wanted(Environment environment) {
    return "true".equalsIgnoreCase(environment.getProperty("meshgov.query-side.enabled", "true"))
        && Binder.get(environment)
            .bindOrCreate("meshgov.neo4j", Neo4jSettings.class)
            .uri()
            .isBlank();
  }

  /** A parent context that began a start of its own: one graph per data folder. */
  private static boolean startedAbove(ConfigurableApplicationContext context) {
    for (ApplicationContext above = context.getParent(); above != null; above = above.getParent()) {
      if (above.containsBean(BEAN)) {
        return true;
      }
    }
    return false;
  }

  private static Path dataDir(Environment environment) {
    return Binder.get(environment).bindOrCreate("meshgov", DataSettings.class).dataDir();
  }

  /** The same folder however it is written ({@code ./data}, {@code data}, absolute). */
  static boolean sameFolder(Path one, Path other) {
    return one.toAbsolutePath().normalize().equals(other.toAbsolutePath().normalize());
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
    long begun = System.nanoTime();
    GraphConnection connection = GraphConnection.embedded(home(dataDir), secretFile(dataDir));
    try {
      long opened = System.nanoTime();
      connection.createSchema();
      long checked = System.nanoTime();
      // the first Cypher statement of the process loads and warms Neo4j's planner (seconds on a
      // first start): here, beside Spring's start, rather than in the first request; and the
      // statement is the projection's own, so its plan is cached for the feed
      new GraphProjector(connection.driver()).position();
      long done = System.nanoTime();
      log.info(
          "Embedded lineage graph started in {} ms (opened in {} ms, its schema checked in {} ms,"
              + " Cypher's planner warmed in {} ms)",
          TimeUnit.NANOSECONDS.toMillis(done - begun),
          TimeUnit.NANOSECONDS.toMillis(opened - begun),
          TimeUnit.NANOSECONDS.toMillis(checked - opened),
          TimeUnit.NANOSECONDS.toMillis(done - checked));
    } catch (RuntimeException | Error e) {
      connection.close();
      throw e;
    }
    return connection;
  }

  /** A start under way: its outcome, and who has it. */
  static final class Pending {

    private enum State {
      /** Started (or starting) and not taken. */
      OPEN,
      /** Taken by the bean that owns it from then on. */
      CLAIMED,
      /** Given up: closed as soon as its start has ended. */
      RELEASED
    }

    private final Path dataDir;
    private final CompletableFuture<GraphConnection> started = new CompletableFuture<>();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final AtomicReference<State> state = new AtomicReference<>(State.OPEN);

    private Pending(Path dataDir) {
      this.dataDir = dataDir;
    }

    static Pending start(Path dataDir) {
      Pending pending = new Pending(dataDir);
      Thread thread =
          new Thread(
              () -> {
                try {
                  pending.started.complete(open(dataDir));
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
     * The started connection, for the one bean that owns it from now on, or {@code null} when it
     * was given up or taken before (that bean then opens a graph of its own). A start that failed
     * fails here with its own exception, as it would have on the bean's thread.
     */
    GraphConnection claim() {
      if (!state.compareAndSet(State.OPEN, State.CLAIMED)) {
        return null;
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
        closeWhenStarted();
        throw new IllegalStateException(
            "the embedded lineage graph did not start within " + MAX_WAIT, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        closeWhenStarted();
        throw new IllegalStateException("interrupted while the embedded lineage graph started", e);
      }
    }

    /** Gives the start up if nobody has claimed it: closed once it has ended, not waited for. */
    void release() {
      if (state.compareAndSet(State.OPEN, State.RELEASED)) {
        closeWhenStarted();
      }
    }

    /**
     * Gives the start up if nobody has claimed it and waits until it is closed, so that the data
     * folder is free again when this returns (at the context's end, or before a bean opens the
     * graph itself).
     */
    void closeUnclaimed() {
      release();
      if (state.get() != State.RELEASED) {
        return;
      }
      try {
        closed.get(MAX_WAIT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (ExecutionException | TimeoutException e) {
        log.warn("the embedded lineage graph's start did not end; it is closed when it does");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    private void closeWhenStarted() {
      started.whenComplete(
          (connection, failure) -> {
            try {
              if (connection != null) {
                connection.close();
              }
            } finally {
              closed.complete(null);
            }
          });
    }
  }
}
