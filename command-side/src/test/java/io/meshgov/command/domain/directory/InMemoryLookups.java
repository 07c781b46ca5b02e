package io.meshgov.command.domain.directory;

import io.meshgov.api.DataProductId;
import io.meshgov.api.DomainName;
import io.meshgov.api.Lifecycle;
import io.meshgov.api.PersonId;
import io.meshgov.api.SubscriptionId;
import io.meshgov.api.TeamId;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The command-side lookups as plain maps, seeded by each aggregate test. */
public final class InMemoryLookups
    implements TeamDirectory, DomainDirectory, ProductCatalog, SubscriptionRegistry {

  private final Map<TeamId, Map<PersonId, Instant>> members = new HashMap<>();
  private final Map<DataProductId, ProductView> products = new HashMap<>();
  private final Map<DataProductId, Set<DataProductId>> downstreams = new HashMap<>();
  private final Map<DataProductId, List<ApprovedSubscription>> approved = new HashMap<>();
  private final Map<DomainName, Set<PersonId>> domains = new HashMap<>();
  private final Map<TeamId, DomainName> teamDomains = new HashMap<>();

  /** A registered domain and its owners. */
  public InMemoryLookups domain(String domain, String... owners) {
    Set<PersonId> people = domains.computeIfAbsent(DomainName.of(domain), d -> new HashSet<>());
    for (String owner : owners) {
      people.add(PersonId.of(owner));
    }
    return this;
  }

  /** Records the domain a team was registered in. */
  public InMemoryLookups teamIn(String team, String domain) {
    teamDomains.put(TeamId.of(team), DomainName.of(domain));
    return this;
  }

  @Override
  public boolean domainExists(DomainName domain) {
    return domains.containsKey(domain);
  }

  @Override
  public boolean isDomainOwner(DomainName domain, PersonId person) {
    return domains.getOrDefault(domain, Set.of()).contains(person);
  }

  @Override
  public Optional<DomainName> domainOf(TeamId team) {
    return Optional.ofNullable(teamDomains.get(team));
  }

  public InMemoryLookups team(String team, String... people) {
    Map<PersonId, Instant> joined = members.computeIfAbsent(TeamId.of(team), t -> new HashMap<>());
    for (String person : people) {
      joined.put(PersonId.of(person), Instant.EPOCH);
    }
    return this;
  }

  /** Adds a person who joined the team at the given time. */
  public InMemoryLookups joined(String team, String person, Instant at) {
    members.computeIfAbsent(TeamId.of(team), t -> new HashMap<>()).put(PersonId.of(person), at);
    return this;
  }

  public InMemoryLookups product(
      String product, String owningTeam, String steward, Lifecycle lifecycle, String... fields) {
    products.put(
        DataProductId.of(product),
        new ProductView(
            DataProductId.of(product),
            TeamId.of(owningTeam),
            steward == null ? null : PersonId.of(steward),
            lifecycle,
            Set.of(fields)));
    return this;
  }

  /** Gives a known product its latest service-level agreement version. */
  public InMemoryLookups slaVersion(String product, int version) {
    ProductView p = products.get(DataProductId.of(product));
    products.put(
        p.id(),
        new ProductView(
            p.id(), p.owningTeam(), p.steward(), p.lifecycle(), p.currentFields(), version));
    return this;
  }

  /** An approved subscription whose consumer accepted service-level agreement {@code version}. */
  public InMemoryLookups approvedUnderSla(
      String product, String subscription, String consumerTeam, int version) {
    approved
        .computeIfAbsent(DataProductId.of(product), p -> new ArrayList<>())
        .add(
            new ApprovedSubscription(
                SubscriptionId.of(subscription), TeamId.of(consumerTeam), Set.of(), version));
    return this;
  }

  private final Map<io.meshgov.api.DatasetName, DataProductId> bindings = new HashMap<>();

  /** Records that the dataset is bound to {@code product}. */
  public InMemoryLookups bound(String namespace, String name, String product) {
    bindings.put(io.meshgov.api.DatasetName.of(namespace, name), DataProductId.of(product));
    return this;
  }

  @Override
  public Optional<DataProductId> boundTo(io.meshgov.api.DatasetName dataset) {
    return Optional.ofNullable(bindings.get(dataset));
  }

  /** Records that {@code upstream} feeds {@code downstream}. */
  public InMemoryLookups edge(String upstream, String downstream) {
    downstreams
        .computeIfAbsent(DataProductId.of(upstream), p -> new HashSet<>())
        .add(DataProductId.of(downstream));
    return this;
  }

  public InMemoryLookups approved(
      String product, String subscription, String consumerTeam, String... fields) {
    approved
        .computeIfAbsent(DataProductId.of(product), p -> new ArrayList<>())
        .add(
            new ApprovedSubscription(
                SubscriptionId.of(subscription), TeamId.of(consumerTeam), Set.of(fields)));
    return this;
  }

  @Override
  public boolean teamExists(TeamId team) {
    return members.containsKey(team);
  }

  @Override
  public Optional<Instant> memberSince(TeamId team, PersonId person) {
    return Optional.ofNullable(members.getOrDefault(team, Map.of()).get(person));
  }

  @Override
  public Optional<ProductView> product(DataProductId product) {
    return Optional.ofNullable(products.get(product));
  }

  @Override
  public Optional<ProductView> lockProduct(DataProductId product) {
    return product(product);
  }

  @Override
  public boolean feeds(DataProductId from, DataProductId to) {
    Set<DataProductId> seen = new HashSet<>();
    ArrayDeque<DataProductId> queue = new ArrayDeque<>(List.of(from));
    while (!queue.isEmpty()) {
      for (DataProductId next : downstreams.getOrDefault(queue.poll(), Set.of())) {
        if (next.equals(to)) {
          return true;
        }
        if (seen.add(next)) {
          queue.add(next);
        }
      }
    }
    return false;
  }

  @Override
  public List<ApprovedSubscription> approvedSubscriptions(DataProductId product) {
    return approved.getOrDefault(product, List.of()).stream()
        .sorted(Comparator.comparing(s -> s.subscriptionId().value()))
        .toList();
  }
}
