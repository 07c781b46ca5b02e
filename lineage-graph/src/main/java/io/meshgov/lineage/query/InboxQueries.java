package io.meshgov.lineage.query;

import java.util.Collection;
import java.util.List;

/** A person's inbox: read a page, count what is unread, mark items read. */
public interface InboxQueries {

  /** Where a page starts: after the item at this position with this id (newest first). */
  record Cursor(long position, String id) {}

  /**
   * Up to {@code limit} of the person's items, newest first, after {@code after} (null: from the
   * newest), only unread ones if asked.
   */
  List<InboxItem> inbox(String person, Cursor after, int limit, boolean unreadOnly);

  long unreadCount(String person);

  /** Marks those of the given items that are the person's as read; answers how many changed. */
  int markRead(String person, Collection<String> itemIds);

  /** Marks every unread item of the person as read; answers how many changed. */
  int markAllRead(String person);
}
