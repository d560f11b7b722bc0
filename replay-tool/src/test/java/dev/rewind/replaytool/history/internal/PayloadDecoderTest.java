package dev.rewind.replaytool.history.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Conversions;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The payload JSON written straight from the decoded record is, byte for byte, the JSON of the path
 * it replaced (issue 12): Avro's {@code GenericData.toString} text read back by Jackson, or that
 * text as a string when Jackson refused it. Both are rendered by the same mappers: the history
 * feature's and the API's indenting one.
 */
class PayloadDecoderTest {

    private static final String TOPIC = "payloads";
    private static final Schema NESTED = SchemaBuilder.record("Nested").namespace("test").fields()
            .requiredString("label")
            .name("score").type().optional().doubleType()
            .endRecord();
    private static final Schema COLOUR = SchemaBuilder.enumeration("Colour").namespace("test")
            .symbols("RED", "GREEN", "BLUE");
    private static final Schema HASH = SchemaBuilder.fixed("Hash").namespace("test").size(4);
    private static final Schema DECIMAL_BYTES = LogicalTypes.decimal(9, 2).addToSchema(Schema.create(Schema.Type.BYTES));
    private static final Schema DECIMAL_FIXED = LogicalTypes.decimal(6, 1)
            .addToSchema(Schema.createFixed("Amount", null, "test", 3));
    private static final Schema EVERYTHING = SchemaBuilder.record("Everything").namespace("test").fields()
            .requiredString("text")
            .optionalString("maybe")
            .name("choice").type().unionOf().nullType().and().intType().and().type(NESTED).endUnion().noDefault()
            .name("nested").type(NESTED).noDefault()
            .name("nestedList").type().array().items(NESTED).noDefault()
            .name("longs").type().array().items().longType().noDefault()
            .name("counts").type().map().values().intType().noDefault()
            .name("deep").type().map().values().map().values().stringType().noDefault()
            .requiredBytes("raw")
            .name("colour").type(COLOUR).noDefault()
            .name("hash").type(HASH).noDefault()
            .requiredInt("small")
            .requiredLong("big")
            .requiredFloat("f")
            .requiredDouble("d")
            .requiredBoolean("flag")
            .name("at").type(LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG))).noDefault()
            .name("atMicros").type(LogicalTypes.timestampMicros().addToSchema(Schema.create(Schema.Type.LONG)))
            .noDefault()
            .name("day").type(LogicalTypes.date().addToSchema(Schema.create(Schema.Type.INT))).noDefault()
            .name("id").type(LogicalTypes.uuid().addToSchema(Schema.create(Schema.Type.STRING))).noDefault()
            .name("price").type(DECIMAL_BYTES).noDefault()
            .name("amount").type(DECIMAL_FIXED).noDefault()
            .endRecord();

    private final FakeWireFormat wire = new FakeWireFormat();
    private final PayloadDecoder decoder = new PayloadDecoder(wire.registry());

    @Test
    void writesEveryKindOfAvroValueAsTheTextPathDid() {
        for (GenericRecord record : List.of(everything("plain ascii", 0.1f, 0.1, null, 1),
                everything("héllo ☃ 𝄞 \u2028\u0085\u007f \" \\ \n\t\u0001 \u20ac", -0.0f, 1e-300, nested("inner"), 7),
                everything("", Float.MAX_VALUE, Double.MAX_VALUE, 42, 0),
                everything("min", Float.MIN_VALUE, -Double.MIN_VALUE, null, 3),
                everything("exponents", 1.0E10f, 1.0E-5, null, 2),
                everything("odd float", 3.4028235E38f / 3, 123456.789, null, 1))) {
            assertSameJson(wire.encode(record));
        }
    }

    @ParameterizedTest
    @ValueSource(floats = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY})
    void writesNonFiniteFloatsAndDoublesAsTheTextPathDid(float value) {
        assertSameJson(wire.encode(everything("non-finite", value, (double) value, null, 1)));
    }

    @Test
    void writesPrimitiveAndNullPayloadsAsTheTextPathDid() {
        assertSameJson(wire.encodeDatum(Schema.create(Schema.Type.STRING), "just \"text\" ☃"));
        assertSameJson(wire.encodeDatum(Schema.create(Schema.Type.LONG), Long.MIN_VALUE));
        assertSameJson(wire.encodeDatum(Schema.create(Schema.Type.DOUBLE), 2.5));
        assertSameJson(wire.encodeDatum(Schema.create(Schema.Type.NULL), null));
        assertSameJson(wire.encodeDatum(COLOUR, new GenericData.EnumSymbol(COLOUR, "BLUE")));
        assertSameJson(wire.encodeDatum(Schema.createArray(Schema.create(Schema.Type.INT)), List.of(1, 2, 3)));
    }

    @Test
    void aPayloadNestedBeyondJacksonsLimitIsItsAvroTextAsBefore() throws Exception {
        int limit = StreamReadConstraints.defaults().getMaxNestingDepth();
        // Avro's writer, reader and text recurse per level: a thousand levels need more than a test thread's stack
        onLargeStack(() -> {
            for (int depth : new int[] {limit - 1, limit, limit + 1, limit + 5}) {
                String json = assertSameJson(wire.encodeDatum(LINKED, linked(depth)));
                assertThat(json).as("depth %d", depth).startsWith(depth > limit ? "\"" : "{");
            }
        });
    }

    private static void onLargeStack(Runnable test) throws Exception {
        java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
        Thread thread = new Thread(null, () -> {
            try {
                test.run();
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "deep-payload", 256L * 1024 * 1024);
        thread.start();
        thread.join();
        if (failure.get() instanceof Error error) {
            throw error;
        }
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
    }

    @Test
    void aMapKeyLongerThanJacksonsNameLimitMakesThePayloadItsAvroTextAsBefore() {
        Schema map = Schema.createMap(Schema.create(Schema.Type.INT));
        int limit = StreamReadConstraints.defaults().getMaxNameLength();
        assertThat(assertSameJson(wire.encodeDatum(map, Map.of("k".repeat(limit), 1)))).startsWith("{");
        assertThat(assertSameJson(wire.encodeDatum(map, Map.of("k".repeat(limit + 1), 1)))).startsWith("\"");
        // a multi-byte key counts characters, not bytes
        assertThat(assertSameJson(wire.encodeDatum(map, Map.of("é".repeat(limit), 1)))).startsWith("{");
    }

    @Test
    void aTreeOfThePayloadEqualsTheTreeTheTextPathBuilt() {
        byte[] payload = wire.encode(everything("tree", 0.1f, 0.2, nested("x"), 3));
        assertThat(decoder.toJson(TOPIC, payload)).isEqualTo(textPath(payload));
        assertThat(decoder.toJson(TOPIC, null)).isNull();
    }

    @Test
    void anUndecodableOrOmittedPayloadIsAStringSayingSo() {
        assertThat(decoder.toJson(TOPIC, new byte[] {0, 0, 0, 0, 99, 1}).asText()).startsWith("undecodable payload: ");
        assertThat(decoder.toJson(TOPIC, PayloadDecoder.OMITTED).asText())
                .startsWith("payload not kept by the history index");
    }

    @Test
    void aRawBytesPayloadIsOneCharacterPerByteLikeAvroBytes() throws IOException {
        // Confluent writes a "bytes" schema's value unframed; the text path showed the array's identity ([B@...)
        byte[] payload = wire.encodeRaw(Schema.create(Schema.Type.BYTES), new byte[] {'a', 0, (byte) 0xe9});
        assertThat(render(payload, Json.MAPPER)).isEqualTo("\"a\\u0000é\"");
    }

    /** Asserts both paths give the same text with both mappers; returns the compact one. */
    private String assertSameJson(byte[] payload) {
        JsonNode old = textPath(payload);
        String compact = null;
        for (ObjectMapper mapper : List.of(Json.MAPPER, dev.rewind.api.Json.mapper())) {
            try {
                String expected = mapper.writeValueAsString(old);
                String actual = render(payload, mapper);
                assertThat(actual).isEqualTo(expected);
                compact = compact == null ? actual : compact;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return compact;
    }

    private String render(byte[] payload, ObjectMapper mapper) throws IOException {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = mapper.createGenerator(out)) {
            decoder.write(TOPIC, payload, g);
        }
        return out.toString();
    }

    private JsonNode textPath(byte[] payload) {
        return TextPath.payload(wire.registry(), TOPIC, payload);
    }

    private static final Schema LINKED = SchemaBuilder.record("Link").namespace("test").fields()
            .requiredInt("n")
            .name("next").type().optional().type("test.Link")
            .endRecord();

    private static GenericRecord linked(int depth) {
        GenericRecord head = null;
        for (int n = depth; n >= 1; n--) {
            GenericRecord link = new GenericData.Record(LINKED);
            link.put("n", n);
            link.put("next", head);
            head = link;
        }
        return head;
    }

    private static GenericRecord nested(String label) {
        GenericRecord nested = new GenericData.Record(NESTED);
        nested.put("label", label);
        nested.put("score", label.isEmpty() ? null : 0.5);
        return nested;
    }

    private static GenericRecord everything(String text, float f, double d, Object choice, int listSize) {
        GenericRecord r = new GenericData.Record(EVERYTHING);
        r.put("text", text);
        r.put("maybe", text.isEmpty() ? null : text + "?");
        r.put("choice", choice);
        r.put("nested", nested(text));
        List<GenericRecord> list = new ArrayList<>();
        List<Long> longs = new ArrayList<>();
        for (int i = 0; i < listSize; i++) {
            list.add(nested(text + i));
            longs.add(i % 2 == 0 ? Long.MAX_VALUE - i : Integer.MIN_VALUE - (long) i);
        }
        r.put("nestedList", list);
        r.put("longs", longs);
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (int i = 0; i < listSize * 3; i++) {
            counts.put("key-" + i + (i % 2 == 0 ? "é" : "\"q\""), i - 5);
        }
        r.put("counts", counts);
        r.put("deep", Map.of("outer", Map.of("in\\ner", text)));
        byte[] raw = new byte[256];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = (byte) i;
        }
        r.put("raw", ByteBuffer.wrap(raw));
        r.put("colour", new GenericData.EnumSymbol(COLOUR, listSize % 2 == 0 ? "RED" : "GREEN"));
        r.put("hash", new GenericData.Fixed(HASH, new byte[] {1, -1, (byte) 0x80, 127}));
        r.put("small", Integer.MIN_VALUE + listSize);
        r.put("big", Long.MAX_VALUE - listSize);
        r.put("f", f);
        r.put("d", d);
        r.put("flag", listSize % 2 == 0);
        r.put("at", 1_764_547_200_123L);
        r.put("atMicros", 1_764_547_200_123_456L);
        r.put("day", 20_423);
        r.put("id", "0f8fad5b-d9cb-469f-a165-70867728950e");
        r.put("price", new Conversions.DecimalConversion().toBytes(new BigDecimal("-1234567.89"), DECIMAL_BYTES,
                DECIMAL_BYTES.getLogicalType()));
        r.put("amount", new Conversions.DecimalConversion().toFixed(new BigDecimal("-12.5"), DECIMAL_FIXED,
                DECIMAL_FIXED.getLogicalType()));
        return r;
    }
}
