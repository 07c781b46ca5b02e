package io.meshgov.command.infrastructure;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.task.Task;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.config.ConfigurationScopeAwareProvider;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.dbscheduler.DbSchedulerBinaryDeadlineDetails;
import org.axonframework.deadline.dbscheduler.DbSchedulerDeadlineManager;
import org.axonframework.serialization.Serializer;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;

/**
 * Deadlines (transfer expiries) kept in the event store's own database ({@code scheduled_tasks}, by
 * db-scheduler through Axon's {@link DbSchedulerDeadlineManager}): they survive a restart, and when
 * several command services share the database each due deadline is claimed by exactly one of them
 * (an optimistic lock on the row). The scheduler polls for due deadlines every {@code checkEvery}
 * once the application has started, and stops with it.
 */
final class PersistentDeadlines implements SmartLifecycle {

  private final Scheduler scheduler;
  private final DbSchedulerDeadlineManager manager;
  private volatile boolean running;

  PersistentDeadlines(
      DataSource dataSource,
      Configuration configuration,
      Serializer serializer,
      TransactionManager transactions,
      Duration checkEvery) {
    AtomicReference<DbSchedulerDeadlineManager> self = new AtomicReference<>();
    Task<DbSchedulerBinaryDeadlineDetails> task = DbSchedulerDeadlineManager.binaryTask(self::get);
    this.scheduler =
        // through Spring's proxy, a deadline is scheduled or cancelled on the command's own
        // connection and transaction: a command that fails leaves none behind, and a command
        // holds one connection, not two
        Scheduler.create(new TransactionAwareDataSourceProxy(dataSource), task)
            .schedulerName(new SchedulerName.Fixed(schedulerName()))
            .pollingInterval(checkEvery)
            .heartbeatInterval(Duration.ofSeconds(30))
            .threads(2)
            .shutdownMaxWait(Duration.ofSeconds(5))
            .build();
    this.manager =
        DbSchedulerDeadlineManager.builder()
            .scheduler(scheduler)
            .scopeAwareProvider(new ConfigurationScopeAwareProvider(configuration))
            .serializer(serializer)
            .transactionManager(transactions)
            .startScheduler(false)
            .stopScheduler(false)
            .build();
    self.set(manager);
  }

  /** This process in {@code scheduled_tasks.picked_by}: its host and process id. */
  private static String schedulerName() {
    String host;
    try {
      host = java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      host = "unknown-host";
    }
    String name = ProcessHandle.current().pid() + "@" + host;
    return name.length() <= 50 ? name : name.substring(0, 50);
  }

  DeadlineManager manager() {
    return manager;
  }

  @Override
  public void start() {
    scheduler.start();
    running = true;
  }

  @Override
  public void stop() {
    running = false;
    scheduler.stop();
  }

  @Override
  public boolean isRunning() {
    return running;
  }
}
