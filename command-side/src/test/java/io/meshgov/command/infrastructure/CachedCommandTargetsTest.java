package io.meshgov.command.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshgov.api.DomainName;
import io.meshgov.api.PersonId;
import io.meshgov.api.TeamId;
import io.meshgov.api.TeamRole;
import io.meshgov.api.command.DomainCommand;
import io.meshgov.api.command.TeamCommand;
import java.util.List;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.modelling.command.AnnotationCommandTargetResolver;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;
import org.axonframework.modelling.command.VersionedAggregateIdentifier;
import org.junit.jupiter.api.Test;

/** The cached resolver answers what Axon's own resolver answers, for every shape of command. */
class CachedCommandTargetsTest {

  record ByField(@TargetAggregateIdentifier String id, @TargetAggregateVersion Long version) {}

  record ByMethod(String stream) {
    @TargetAggregateIdentifier
    String target() {
      return "product-" + stream;
    }

    @TargetAggregateVersion
    String expected() {
      return "7";
    }
  }

  /** A plain class: the field itself is annotated, through an annotation of our own. */
  static final class ByPlainField {
    @Target final String id;
    @TargetAggregateVersion final long version;

    ByPlainField(String id, long version) {
      this.id = id;
      this.version = version;
    }
  }

  @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
  @TargetAggregateIdentifier
  @interface Target {}

  record NoValue(@TargetAggregateIdentifier String id) {}

  record BadVersion(@TargetAggregateIdentifier String id, @TargetAggregateVersion String v) {}

  private final CachedCommandTargets cached = new CachedCommandTargets();

  @SuppressWarnings("deprecation")
  private final AnnotationCommandTargetResolver axon = new AnnotationCommandTargetResolver();

  @Test
  void answersAsAxonForFieldsMethodsAndRecordsOfTheContract() {
    for (Object payload :
        List.of(
            new ByField("a", 3L),
            new ByField("b", null),
            new ByMethod("x"),
            new ByMethod("x"), // the second time from what the first found
            new ByPlainField("plain", 9L),
            new TeamCommand.AddTeamMemberCommand(
                TeamId.of("payments"), PersonId.of("alice"), TeamRole.MEMBER),
            domainCommand())) {
      var message = GenericCommandMessage.asCommandMessage(payload);
      VersionedAggregateIdentifier expected = axon.resolveTarget(message);
      VersionedAggregateIdentifier actual = cached.resolveTarget(message);
      assertThat(actual.getIdentifier()).isEqualTo(expected.getIdentifier());
      assertThat(actual.getIdentifierValue()).isEqualTo(expected.getIdentifierValue());
      assertThat(actual.getVersion()).isEqualTo(expected.getVersion());
    }
    assertThat(cached.resolveTarget(GenericCommandMessage.asCommandMessage(new ByMethod("x"))))
        .extracting(VersionedAggregateIdentifier::getIdentifier)
        .isEqualTo("product-x");
  }

  /** A command whose target is a package-private method of the contract's record. */
  private static DomainCommand domainCommand() {
    return new DomainCommand.RegisterDomainCommand(
        DomainName.of("payments"), "Payments", null, List.of(PersonId.of("alice")));
  }

  @Test
  void aCommandWithoutATargetIsRefusedAsAxonsHandlersExpect() {
    // a creating handler reads this sentence as "no identifier yet" and creates the aggregate
    assertThatThrownBy(
            () -> cached.resolveTarget(GenericCommandMessage.asCommandMessage(new NoValue(null))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(CachedCommandTargets.NO_TARGET);
    assertThatThrownBy(
            () ->
                cached.resolveTarget(
                    GenericCommandMessage.asCommandMessage(new BadVersion("a", "seven"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a number");
  }
}
