#!/usr/bin/env bash
# A first session with meshgov, for a newcomer to paste or run: start the application first
# (./mvnw -pl server -am spring-boot:run), then: bash docs/sample-session.sh
# Needs curl and openssl. MESHGOV_URL (default http://127.0.0.1:8080) and MESHGOV_DATA_DIR (default
# ./data) point elsewhere. Run it against a fresh data folder: teams and products are registered once.
set -euo pipefail
cd "$(dirname "$0")/.."
URL=${MESHGOV_URL:-http://127.0.0.1:8080}

# 1. tokens: alice works in payments, bob in finance (signed with the key under data/keys)
ALICE=$(bin/token alice)
BOB=$(bin/token bob)
ADMIN=$(bin/token root 8 admin)   # a platform admin registers the domains

# gql TOKEN JSON: POST one GraphQL request, print the answer
gql() {
  curl -sS "$URL/graphql" -H "Authorization: Bearer $1" \
    -H 'Content-Type: application/json' -H 'Accept: application/graphql-response+json' \
    --data-binary "$2"
  echo
}
# field NAME: the value of a JSON string or number field in the last answer
field() { sed -E "s/.*\"$1\":\"?([^\",}]+).*/\1/"; }

echo "## 2. two domains (by a platform admin), two teams, three products"
gql "$ADMIN" '{"query":"mutation { registerDomain(input: {domainId: \"payments\", name: \"Payments\", owners: [\"alice\"]}) { id position } }"}'
gql "$ADMIN" '{"query":"mutation { registerDomain(input: {domainId: \"finance\", name: \"Finance\", owners: [\"bob\"]}) { id position } }"}'
gql "$ALICE" '{"query":"mutation { registerTeam(input: {teamId: \"payments-core\", name: \"Payments core\", domain: \"payments\"}) { id position } }"}'
gql "$BOB" '{"query":"mutation { registerTeam(input: {teamId: \"finance\", name: \"Finance\", domain: \"finance\"}) { id position } }"}'
gql "$ALICE" '{"query":"mutation { registerDataProduct(input: {productId: \"payments.card-authorisations\", owningTeam: \"payments-core\", description: \"Card authorisations\", tags: [\"cards\"]}) { id } }"}'
gql "$ALICE" '{"query":"mutation { registerDataProduct(input: {productId: \"payments.settlements\", owningTeam: \"payments-core\", description: \"Settled card payments\", tags: [\"payments\"]}) { id } }"}'
gql "$BOB" '{"query":"mutation { registerDataProduct(input: {productId: \"finance.ledger\", owningTeam: \"finance\", description: \"General ledger\"}) { id } }"}'

echo "## 3. schemas (Avro), then lineage with field mappings"
SCHEMA='{\"type\":\"record\",\"name\":\"Payment\",\"fields\":[{\"name\":\"id\",\"type\":\"string\"},{\"name\":\"amount\",\"type\":\"long\"}]}'
for p in payments.card-authorisations payments.settlements; do
  gql "$ALICE" '{"query":"mutation($s: String!) { publishSchemaVersion(input: {productId: \"'$p'\", avroSchema: $s}) { position } }","variables":{"s":"'"$SCHEMA"'"}}'
done
gql "$BOB" '{"query":"mutation($s: String!) { publishSchemaVersion(input: {productId: \"finance.ledger\", avroSchema: $s}) { position } }","variables":{"s":"'"$SCHEMA"'"}}'
gql "$ALICE" '{"query":"mutation { declareUpstream(input: {productId: \"payments.settlements\", upstream: \"payments.card-authorisations\", fieldMappings: [{outputField: \"amount\", inputFields: [\"amount\"], transformation: \"captured amounts only\"}]}) { position } }"}'
POSITION=$(gql "$BOB" '{"query":"mutation { declareUpstream(input: {productId: \"finance.ledger\", upstream: \"payments.settlements\", fieldMappings: [{outputField: \"amount\", inputFields: [\"amount\"]}]}) { position } }"}' | field position)

echo "## 4. downstream lineage and the impact of dropping a field (reading our own write)"
gql "$ALICE" '{"query":"{ lineage(id: \"payments.card-authorisations\", direction: DOWNSTREAM, minPosition: '"$POSITION"') { nodes { id depth } edges { from to } complete } }"}'
gql "$ALICE" '{"query":"{ impact(id: \"payments.card-authorisations\", removedFields: [\"amount\"], minPosition: '"$POSITION"') { products { id path } fields { id } teamsToNotify stewardsToNotify } }"}'

echo "## 5. a breaking schema change is refused (BREAKING_CHANGE)"
gql "$ALICE" '{"query":"mutation { changeCompatibilityMode(input: {productId: \"payments.settlements\", compatibilityMode: FULL}) { position } }"}'
gql "$ALICE" '{"query":"mutation($s: String!) { publishSchemaVersion(input: {productId: \"payments.settlements\", avroSchema: $s}) { position } }","variables":{"s":"{\"type\":\"record\",\"name\":\"Payment\",\"fields\":[{\"name\":\"id\",\"type\":\"string\"}]}"}}'

echo "## 6. ownership transfer with four eyes"
gql "$BOB" '{"query":"mutation { addTeamMember(input: {teamId: \"finance\", person: \"alice\"}) { position } }"}'
TRANSFER=$(gql "$ALICE" '{"query":"mutation { requestOwnershipTransfer(input: {productId: \"payments.settlements\", targetTeam: \"finance\", reason: \"finance runs settlement\"}) { createdId } }"}' | field createdId)
echo "transfer $TRANSFER requested by alice; alice may not accept it herself:"
gql "$ALICE" '{"query":"mutation { acceptOwnershipTransfer(input: {productId: \"payments.settlements\", transferId: \"'"$TRANSFER"'\"}) { position } }"}'
POSITION=$(gql "$BOB" '{"query":"mutation { acceptOwnershipTransfer(input: {productId: \"payments.settlements\", transferId: \"'"$TRANSFER"'\", reason: \"agreed in the steering meeting\"}) { position } }"}' | field position)
gql "$BOB" '{"query":"{ ownershipHistory(id: \"payments.settlements\", minPosition: '"$POSITION"') { currentOwner owners { team since until requestedBy approvedBy } } }"}'

echo "## 7. the audit trail, from the event store"
gql "$BOB" '{"query":"{ auditTrail(aggregateId: \"payments.settlements\") { events { sequence type time actor reason } } }"}'

echo "## 8. a service-level agreement, a subscription that accepts it, and the owner's inbox"
gql "$ALICE" '{"query":"mutation { publishServiceLevelAgreement(input: {productId: \"payments.card-authorisations\", sla: {freshness: \"PT15M\", availability: 99.9, supportHours: \"Mon-Fri 08:00-18:00 CET\", contact: \"#payments-data\", retentionDays: 365, noticeDays: 30}}) { position } }"}'
POSITION=$(gql "$BOB" '{"query":"mutation { requestSubscription(input: {product: \"payments.card-authorisations\", consumerTeam: \"finance\", purpose: \"reconciliation\", acceptedSlaVersion: 1}) { position } }"}' | field position)
gql "$ALICE" '{"query":"{ inbox(unreadOnly: true, minPosition: '"$POSITION"') { unreadCount edges { node { kind message } } } }"}'
