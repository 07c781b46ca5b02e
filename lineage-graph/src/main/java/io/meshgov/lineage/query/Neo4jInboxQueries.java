package io.meshgov.lineage.query;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Value;

/**
 * The inbox as the projector wrote it ({@code InboxItem}) with the read marks ({@code InboxRead}).
 */
public final class Neo4jInboxQueries implements InboxQueries {

  private final Driver driver;

  public Neo4jInboxQueries(Driver driver) {
    this.driver = driver;
  }

  @Override
  public List<InboxItem> inbox(String person, Cursor after, int limit, boolean unreadOnly) {
    Map<String, Object> params = new HashMap<>();
    params.put("person", person);
    params.put("position", after == null ? Long.MAX_VALUE : after.position());
    params.put("id", after == null ? "" : after.id());
    params.put("first", after == null);
    params.put("unreadOnly", unreadOnly);
    params.put("limit", Math.max(0, limit));
    try (var session = driver.session()) {
      return session.executeRead(
          tx ->
              tx.run(
                      """
                      MATCH (i:InboxItem) WHERE i.person = $person AND i.position <= $position
                        AND ($first OR i.position < $position OR i.id < $id)
                        AND (NOT $unreadOnly OR NOT i.read)
                      RETURN i ORDER BY i.position DESC, i.id DESC LIMIT $limit
                      """,
                      params)
                  .list(r -> item(r.get("i"))));
    }
  }

  @Override
  public long unreadCount(String person) {
    try (var session = driver.session()) {
      return session.executeRead(
          tx ->
              tx.run(
                      "MATCH (i:InboxItem) WHERE i.person = $person AND NOT i.read"
                          + " RETURN count(i) AS n",
                      Map.of("person", person))
                  .single()
                  .get("n")
                  .asLong());
    }
  }

  @Override
  public int markRead(String person, Collection<String> itemIds) {
    return mark(
        """
        UNWIND $ids AS itemId
        MATCH (i:InboxItem {id: itemId}) WHERE i.person = $person AND NOT i.read
        """,
        Map.of("person", person, "ids", List.copyOf(itemIds)));
  }

  @Override
  public int markAllRead(String person) {
    return mark(
        "MATCH (i:InboxItem) WHERE i.person = $person AND NOT i.read\n", Map.of("person", person));
  }

  private int mark(String match, Map<String, Object> params) {
    try (var session = driver.session()) {
      return session.executeWrite(
          tx ->
              tx.run(
                      match
                          + """
                          SET i.read = true
                          MERGE (:InboxRead {id: i.id})
                          RETURN count(i) AS n
                          """,
                      params)
                  .single()
                  .get("n")
                  .asInt());
    }
  }

  private static InboxItem item(Value i) {
    return InboxItem.of(i.asMap());
  }
}
