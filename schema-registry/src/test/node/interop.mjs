// Drives a schema registry with Confluent's JavaScript client and Avro serde, as a Node.js producer or
// consumer would. Run by NodeClientInteropIT:
//   node interop.mjs <registry url> <subject> <topic> <base64 of a record rewind's Java serializer wrote>
// Prints one JSON line with what it observed; exits non-zero (with the reason on stderr) on any mismatch.
import assert from 'node:assert/strict';
import {
  AvroDeserializer, AvroSerializer, RestError, SchemaRegistryClient, SerdeType,
} from '@confluentinc/schemaregistry';

const [url, subject, topic, javaRecordBase64] = process.argv.slice(2);
const TEXT = 'Grüße aus Köln: 5 € 😀';

// custom properties at the top level, inside a property's value and on a field's type
const schema = JSON.stringify({
  type: 'record', name: 'Lieferung', namespace: 'dev.rewind.interop', doc: TEXT,
  'x.team': 'zahlungen', 'x.owner': { name: 'Jörg', mail: 'joerg@example.org' },
  fields: [
    { name: 'id', type: 'string' },
    { name: 'stadt', type: { type: 'string', 'x.hint': 'ß', 'x.max': '80' }, doc: 'Straße', default: 'Köln €' },
    { name: 'menge', type: 'int', default: 1 },
  ],
});
const reordered = JSON.stringify({
  fields: [
    { name: 'id', type: 'string' },
    { default: 'Köln €', doc: 'Straße', type: { 'x.max': '80', 'x.hint': 'ß', type: 'string' }, name: 'stadt' },
    { default: 1, type: 'int', name: 'menge' },
  ],
  'x.owner': { mail: 'joerg@example.org', name: 'Jörg' }, 'x.team': 'zahlungen',
  doc: TEXT, namespace: 'dev.rewind.interop', name: 'Lieferung', type: 'record',
});

// every step uses a fresh client so nothing is answered from a client-side cache
const client = () => new SchemaRegistryClient({ baseURLs: [url], maxRetries: 0 });

const id = await client().register(subject, { schemaType: 'AVRO', schema }, false);

const latest = await client().getLatestSchemaMetadata(subject);
assert.equal(latest.id, id);
const stored = JSON.parse(latest.schema);
assert.equal(stored.doc, TEXT, 'the doc outside Latin-1 comes back intact');
assert.equal(stored.fields[1].doc, 'Straße');
assert.equal(stored.fields[1].default, 'Köln €', 'the default outside Latin-1 comes back intact');
assert.equal(stored['x.owner'].name, 'Jörg');

const reRegistered = await client().register(subject, { schemaType: 'AVRO', schema: reordered }, false);
assert.equal(reRegistered, id, 're-registering with reordered properties keeps the id');
const lookedUp = await client().getId(subject, { schemaType: 'AVRO', schema: reordered }, false);
assert.equal(lookedUp, id, 'a lookup with reordered properties finds the schema');
const normalized = await client().register(subject, { schemaType: 'AVRO', schema: reordered }, true);
assert.equal(normalized, id, 'registering with normalize=true finds the same schema');
const versions = await client().getAllVersions(subject);
assert.deepEqual(versions, [1], 'no new version for the same schema');
assert.ok((await client().getAllSubjects()).includes(subject), 'the subject (outside Latin-1) is listed');

const serializer = new AvroSerializer(client(), SerdeType.VALUE, { useLatestVersion: true });
const deserializer = new AvroDeserializer(client(), SerdeType.VALUE, {});
const sent = { id: 'e-1', stadt: 'Düsseldorf ✓', menge: 3 };
const bytes = await serializer.serialize(topic, sent);
assert.equal(bytes[0], 0, 'Confluent wire format: magic byte 0');
assert.equal(bytes.readInt32BE(1), id, 'Confluent wire format: the registered id');
assert.deepEqual({ ...(await deserializer.deserialize(topic, bytes)) }, sent);

const fromJava = await deserializer.deserialize(topic, Buffer.from(javaRecordBase64, 'base64'));

let missing;
try {
  await client().getLatestSchemaMetadata(subject + '-nobody');
} catch (e) {
  missing = e;
}
assert.ok(missing instanceof RestError, `a missing subject is a RestError, got ${missing}`);
assert.equal(missing.status, 404);
assert.equal(missing.errorCode, 40401);
assert.ok(missing.message.includes(subject + '-nobody'), `the error names the subject: ${missing.message}`);

process.stdout.write(JSON.stringify({
  id,
  versions,
  nodeRecord: bytes.toString('base64'),
  javaRecord: { ...fromJava },
  missingSubject: { status: missing.status, errorCode: missing.errorCode, message: missing.message },
}) + '\n');
