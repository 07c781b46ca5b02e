package io.meshgov.api.command;

import io.meshgov.api.Classification;
import io.meshgov.api.CompatibilityMode;
import io.meshgov.api.DataProductId;
import io.meshgov.api.DatasetName;
import io.meshgov.api.FieldMapping;
import io.meshgov.api.Limits;
import io.meshgov.api.PersonId;
import io.meshgov.api.ServiceLevelAgreement;
import io.meshgov.api.Tags;
import io.meshgov.api.TeamId;
import io.meshgov.api.TransferId;
import io.meshgov.api.Values;
import java.time.LocalDate;
import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Commands to the data product aggregate: its registration, description, steward, lifecycle,
 * ownership transfers, schema versions and declared lineage. The acting person travels as metadata.
 */
public sealed interface DataProductCommand extends GovernanceCommand {

  DataProductId productId();

  @Override
  default String aggregateId() {
    return productId().value();
  }

  @Override
  default AggregateKind kind() {
    return AggregateKind.DATA_PRODUCT;
  }

  /** Registers a product owned by a team; the registering person must be a member of it. */
  record RegisterDataProductCommand(
      @TargetAggregateIdentifier DataProductId productId,
      TeamId owningTeam,
      PersonId steward,
      String description,
      List<String> tags,
      Classification classification,
      String outputPort,
      CompatibilityMode compatibilityMode)
      implements DataProductCommand {
    public RegisterDataProductCommand {
      Values.required(productId, "product id");
      Values.required(owningTeam, "owning team");
      description = Values.text(description, "description", Limits.TEXT);
      tags = Tags.normalise(tags);
      classification = classification == null ? Classification.INTERNAL : classification;
      outputPort = Values.text(outputPort, "output port", Limits.OUTPUT_PORT);
      compatibilityMode =
          compatibilityMode == null ? CompatibilityMode.BACKWARD : compatibilityMode;
    }
  }

  /** Changes the descriptive attributes; a null attribute stays as it is. */
  record UpdateDataProductCommand(
      @TargetAggregateIdentifier DataProductId productId,
      String description,
      List<String> tags,
      Classification classification,
      String outputPort)
      implements DataProductCommand {
    public UpdateDataProductCommand {
      Values.required(productId, "product id");
      description = Values.text(description, "description", Limits.TEXT);
      tags = tags == null ? null : Tags.normalise(tags);
      outputPort = Values.text(outputPort, "output port", Limits.OUTPUT_PORT);
    }
  }

  record AssignStewardCommand(@TargetAggregateIdentifier DataProductId productId, PersonId steward)
      implements DataProductCommand {
    public AssignStewardCommand {
      Values.required(productId, "product id");
      Values.required(steward, "steward");
    }
  }

  /** Announces the end of a product: it stays readable until the sunset date. */
  record DeprecateDataProductCommand(
      @TargetAggregateIdentifier DataProductId productId,
      LocalDate sunsetDate,
      DataProductId replacement)
      implements DataProductCommand {
    public DeprecateDataProductCommand {
      Values.required(productId, "product id");
      Values.required(sunsetDate, "sunset date");
    }
  }

  record RetireDataProductCommand(@TargetAggregateIdentifier DataProductId productId)
      implements DataProductCommand {
    public RetireDataProductCommand {
      Values.required(productId, "product id");
    }
  }

  /** Asks another team to take over the product; it must accept before the request expires. */
  record RequestOwnershipTransferCommand(
      @TargetAggregateIdentifier DataProductId productId,
      TransferId transferId,
      TeamId targetTeam,
      String reason)
      implements DataProductCommand {
    public RequestOwnershipTransferCommand {
      Values.required(productId, "product id");
      Values.required(transferId, "transfer id");
      Values.required(targetTeam, "target team");
      reason = Values.requiredText(reason, "reason", Limits.REASON);
    }
  }

  record AcceptOwnershipTransferCommand(
      @TargetAggregateIdentifier DataProductId productId, TransferId transferId)
      implements DataProductCommand {
    public AcceptOwnershipTransferCommand {
      Values.required(productId, "product id");
      Values.required(transferId, "transfer id");
    }
  }

  record RejectOwnershipTransferCommand(
      @TargetAggregateIdentifier DataProductId productId, TransferId transferId)
      implements DataProductCommand {
    public RejectOwnershipTransferCommand {
      Values.required(productId, "product id");
      Values.required(transferId, "transfer id");
    }
  }

  record CancelOwnershipTransferCommand(
      @TargetAggregateIdentifier DataProductId productId, TransferId transferId)
      implements DataProductCommand {
    public CancelOwnershipTransferCommand {
      Values.required(productId, "product id");
      Values.required(transferId, "transfer id");
    }
  }

  /**
   * Closes a transfer request whose time is up. The expiry deadline sends nothing itself; this
   * command lets an operator or a sweeper close a request whose deadline was lost.
   */
  record ExpireOwnershipTransferCommand(
      @TargetAggregateIdentifier DataProductId productId, TransferId transferId)
      implements DataProductCommand {
    public ExpireOwnershipTransferCommand {
      Values.required(productId, "product id");
      Values.required(transferId, "transfer id");
    }
  }

  /** Publishes the next schema version (Avro schema JSON), checked under the compatibility mode. */
  record PublishSchemaVersionCommand(
      @TargetAggregateIdentifier DataProductId productId, String avroSchema)
      implements DataProductCommand {
    public PublishSchemaVersionCommand {
      Values.required(productId, "product id");
      avroSchema = Values.requiredText(avroSchema, "Avro schema", Limits.SCHEMA);
    }
  }

  /**
   * Publishes a new service-level agreement version. {@code effectiveFrom} (a day, from its start
   * in UTC) is when it applies; left out, at once. A weaker agreement than approved subscribers
   * accepted needs both that date and a reason (the command's metadata).
   */
  record PublishServiceLevelAgreementCommand(
      @TargetAggregateIdentifier DataProductId productId,
      ServiceLevelAgreement sla,
      LocalDate effectiveFrom)
      implements DataProductCommand {
    public PublishServiceLevelAgreementCommand {
      Values.required(productId, "product id");
      Values.required(sla, "service-level agreement");
    }
  }

  record ChangeCompatibilityModeCommand(
      @TargetAggregateIdentifier DataProductId productId, CompatibilityMode compatibilityMode)
      implements DataProductCommand {
    public ChangeCompatibilityModeCommand {
      Values.required(productId, "product id");
      Values.required(compatibilityMode, "compatibility mode");
    }
  }

  /**
   * Declares that this product reads {@code upstream}, optionally field by field. Declaring an
   * upstream again replaces its field mappings.
   */
  record DeclareUpstreamCommand(
      @TargetAggregateIdentifier DataProductId productId,
      DataProductId upstream,
      List<FieldMapping> fieldMappings)
      implements DataProductCommand {
    public DeclareUpstreamCommand {
      Values.required(productId, "product id");
      Values.required(upstream, "upstream");
      fieldMappings = Values.list(fieldMappings, "field mappings", Limits.FIELD_MAPPINGS);
    }
  }

  /**
   * Names a dataset (OpenLineage's namespace and name) as part of this product's output port: what
   * pipelines write there is the product's. A dataset belongs to one product at a time.
   */
  record BindDatasetCommand(
      @TargetAggregateIdentifier DataProductId productId, String namespace, String name)
      implements DataProductCommand {
    public BindDatasetCommand {
      Values.required(productId, "product id");
      DatasetName dataset = DatasetName.of(namespace, name);
      namespace = dataset.namespace();
      name = dataset.name();
    }

    public DatasetName dataset() {
      return DatasetName.of(namespace, name);
    }
  }

  /** The dataset is no longer part of this product; unbound, it has no owner until bound again. */
  record UnbindDatasetCommand(
      @TargetAggregateIdentifier DataProductId productId, String namespace, String name)
      implements DataProductCommand {
    public UnbindDatasetCommand {
      Values.required(productId, "product id");
      DatasetName dataset = DatasetName.of(namespace, name);
      namespace = dataset.namespace();
      name = dataset.name();
    }

    public DatasetName dataset() {
      return DatasetName.of(namespace, name);
    }
  }

  record RemoveUpstreamCommand(
      @TargetAggregateIdentifier DataProductId productId, DataProductId upstream)
      implements DataProductCommand {
    public RemoveUpstreamCommand {
      Values.required(productId, "product id");
      Values.required(upstream, "upstream");
    }
  }
}
