/**
 * rewind's topics as code: {@link dev.rewind.protocol.topics.RewindTopics} names and defines every topic rewind
 * creates, {@link dev.rewind.protocol.topics.TopicAdmin} applies the definitions idempotently.
 */
package dev.rewind.protocol.topics;
