package io.meshgov.plumbing;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * Collects what the event handler of a tracking processor makes of each event of one processor
 * batch, and hands the whole batch over once, just before the processor commits its position: a
 * failure there fails the batch, which then comes again.
 */
public final class UnitOfWorkBatch {

  private UnitOfWorkBatch() {}

  /**
   * Adds {@code item} to the batch kept under {@code key} in the root unit of work; the first item
   * of a batch registers {@code flush} to receive the batch before the commit.
   */
  public static <T> void add(
      UnitOfWork<?> unitOfWork, String key, T item, Consumer<List<T>> flush) {
    UnitOfWork<?> root = unitOfWork.root();
    List<T> batch =
        root.getOrComputeResource(
            key,
            k -> {
              List<T> items = new ArrayList<>();
              root.onPrepareCommit(u -> flush.accept(items));
              return items;
            });
    batch.add(item);
  }
}
