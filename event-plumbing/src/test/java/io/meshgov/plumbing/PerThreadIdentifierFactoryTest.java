package io.meshgov.plumbing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.axonframework.common.IdentifierFactory;
import org.junit.jupiter.api.Test;

class PerThreadIdentifierFactoryTest {

  @Test
  void axon_uses_it_and_its_identifiers_are_random_version_4_uuids() {
    assertThat(IdentifierFactory.getInstance()).isInstanceOf(PerThreadIdentifierFactory.class);
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      String id = IdentifierFactory.getInstance().generateIdentifier();
      UUID uuid = UUID.fromString(id);
      assertThat(uuid.version()).isEqualTo(4);
      assertThat(uuid.variant()).isEqualTo(2);
      assertThat(uuid.toString()).isEqualTo(id);
      assertThat(seen.add(id)).isTrue();
    }
  }

  @Test
  void threads_drawing_at_once_never_repeat_an_identifier() throws Exception {
    Set<String> seen = ConcurrentHashMap.newKeySet();
    PerThreadIdentifierFactory factory = new PerThreadIdentifierFactory();
    List<Thread> threads =
        IntStream.range(0, 8)
            .mapToObj(
                t ->
                    new Thread(
                        () -> {
                          for (int i = 0; i < 20_000; i++) {
                            seen.add(factory.generateIdentifier());
                          }
                        }))
            .toList();
    threads.forEach(Thread::start);
    for (Thread thread : threads) {
      thread.join(30_000);
    }
    // eight generators of their own, none repeating another's or its own
    assertThat(seen).hasSize(160_000);
  }
}
