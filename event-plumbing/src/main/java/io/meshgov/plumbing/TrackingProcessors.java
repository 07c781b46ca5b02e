package io.meshgov.plumbing;

import java.util.concurrent.TimeUnit;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;

/** How both sides run a processing group over the event store. */
public final class TrackingProcessors {

  private TrackingProcessors() {}

  /**
   * One tracking processor thread over the event store for {@code group}, in batches of at most
   * {@code batchSize}, its position kept in the store's token table. A handler's failure
   * propagates, so the batch is retried instead of skipped.
   */
  public static ConfigurerModule singleThreaded(String group, int batchSize) {
    return configurer ->
        configurer.eventProcessing(
            processing ->
                processing
                    .registerTrackingEventProcessor(
                        group,
                        c -> c.eventStore(),
                        c ->
                            TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                                .andBatchSize(batchSize)
                                .andTokenClaimInterval(1, TimeUnit.SECONDS)
                                .andEventAvailabilityTimeout(1, TimeUnit.SECONDS))
                    .registerListenerInvocationErrorHandler(
                        group, c -> PropagatingErrorHandler.instance()));
  }
}
