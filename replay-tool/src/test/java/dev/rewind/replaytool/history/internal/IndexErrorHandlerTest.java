package dev.rewind.replaytool.history.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler.DeserializationHandlerResponse;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler.ProcessingHandlerResponse;
import org.apache.kafka.streams.errors.ProductionExceptionHandler.ProductionExceptionHandlerResponse;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

class IndexErrorHandlerTest {

    private final IndexErrorHandler handler = new IndexErrorHandler();
    private final ProducerRecord<byte[], byte[]> write = new ProducerRecord<>("index-repartition", new byte[1]);

    @Test
    void aWriteThatFailsTheSameOnEveryRetryDropsTheRecordAndGoesOn() {
        assertThat(handler.handle(CONTEXT, write, new RecordTooLargeException("too large")))
                .isEqualTo(ProductionExceptionHandlerResponse.CONTINUE);
        assertThat(handler.handle(CONTEXT, write, new TopicAuthorizationException("denied")))
                .isEqualTo(ProductionExceptionHandlerResponse.CONTINUE);
        assertThat(IndexErrorHandler.dropped()).containsKey("write/RecordTooLargeException");
    }

    @Test
    void aWriteThatMayPassOnRetryIsRetriedAndOtherErrorsFailTheTaskAsKafkaStreamsDefaultDoes() {
        assertThat(handler.handle(CONTEXT, write, new NotLeaderOrFollowerException("moved")))
                .isEqualTo(ProductionExceptionHandlerResponse.RETRY);
        assertThat(handler.handle(CONTEXT, write, new TimeoutException("slow broker")))
                .isEqualTo(ProductionExceptionHandlerResponse.RETRY);
        assertThat(handler.handle(CONTEXT, write, new org.apache.kafka.common.KafkaException("unknown")))
                .isEqualTo(ProductionExceptionHandlerResponse.FAIL);
    }

    @Test
    void aProcessorExceptionDropsTheRecordUnlessItIsRetriable() {
        Record<String, String> record = new Record<>("k", "v", 0L);
        assertThat(handler.handle(CONTEXT, record, new IllegalStateException("bad record")))
                .isEqualTo(ProcessingHandlerResponse.CONTINUE);
        assertThat(handler.handle(CONTEXT, record, new RuntimeException(new TimeoutException("slow"))))
                .isEqualTo(ProcessingHandlerResponse.FAIL);
    }

    @Test
    void aRecordThatCannotBeReadIsDropped() {
        assertThat(handler.handle(CONTEXT, new ConsumerRecord<>("t", 0, 7L, new byte[0], new byte[0]),
                new org.apache.kafka.common.errors.SerializationException("corrupt")))
                .isEqualTo(DeserializationHandlerResponse.CONTINUE);
    }

    private static final ErrorHandlerContext CONTEXT = new ErrorHandlerContext() {
        @Override
        public String topic() {
            return "events";
        }

        @Override
        public int partition() {
            return 0;
        }

        @Override
        public long offset() {
            return 41;
        }

        @Override
        public Headers headers() {
            return new RecordHeaders();
        }

        @Override
        public String processorNodeId() {
            return "decode-events";
        }

        @Override
        public TaskId taskId() {
            return new TaskId(0, 0);
        }

        @Override
        public long timestamp() {
            return 0;
        }

        @Override
        public byte[] sourceRawKey() {
            return null;
        }

        @Override
        public byte[] sourceRawValue() {
            return null;
        }
    };
}
