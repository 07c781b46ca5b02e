package io.meshgov.query.live;

import io.meshgov.plumbing.Settings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code meshgov.live.*}: the bounds of the GraphQL subscriptions.
 *
 * @param maxSubscriptions how many live streams the service serves at once
 * @param maxPerPerson how many of them one person may hold
 */
@ConfigurationProperties("meshgov.live")
public record LiveSettings(
    @DefaultValue("1000") int maxSubscriptions, @DefaultValue("10") int maxPerPerson) {

  public LiveSettings {
    Settings.atLeast(maxSubscriptions, 1, "meshgov.live.max-subscriptions");
    Settings.atLeast(maxPerPerson, 1, "meshgov.live.max-per-person");
  }
}
