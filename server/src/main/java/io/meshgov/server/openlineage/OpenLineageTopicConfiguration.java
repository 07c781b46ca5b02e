package io.meshgov.server.openlineage;

import io.meshgov.api.command.GovernanceGateway;
import io.meshgov.plumbing.KafkaSettings;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * OpenLineage events from a Kafka topic ({@code meshgov.openlineage.kafka-topic}), read where the
 * store is (decision 56): in the command service of the split, or the embedded default with a
 * broker. {@code meshgov.openlineage.reporter} names who reported them (default {@code
 * openlineage-topic}); refused records go to {@code <topic>.dlq}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression(
    "${meshgov.command-side.enabled:true} and '${meshgov.openlineage.kafka-topic:}' != ''")
class OpenLineageTopicConfiguration {

  @Bean
  OpenLineageTopicIngest openLineageTopicIngest(
      Environment environment, KafkaSettings kafka, ObjectProvider<GovernanceGateway> gateway) {
    String topic = environment.getRequiredProperty("meshgov.openlineage.kafka-topic");
    String reporter = environment.getProperty("meshgov.openlineage.reporter", "openlineage-topic");
    io.meshgov.api.PersonId.of(reporter); // a person id, as every actor is
    String group =
        environment.getProperty("meshgov.openlineage.consumer-group", "meshgov-openlineage");
    Map<String, Object> consumer = new HashMap<>();
    consumer.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.brokers());
    consumer.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    consumer.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    consumer.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    consumer.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 100);
    consumer.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    consumer.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    Map<String, Object> producer = new HashMap<>();
    producer.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.brokers());
    producer.put(ProducerConfig.ACKS_CONFIG, "all");
    producer.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    producer.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    producer.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 * 1024 * 1024);
    return new OpenLineageTopicIngest(
        () -> new KafkaConsumer<>(consumer),
        new KafkaProducer<>(producer),
        gateway.getObject(),
        topic,
        topic + ".dlq",
        reporter);
  }
}
