/**
 * The replay protocol on {@code rewind.control} (protocol/REPLAY-PROTOCOL.md): one {@link
 * dev.rewind.protocol.control.ControlKey} codec, one set of {@link dev.rewind.protocol.control.ControlValue}s
 * with their Avro mapping ({@link dev.rewind.protocol.control.StartReplay}, {@link
 * dev.rewind.protocol.control.CancelReplay}, {@link dev.rewind.protocol.control.ReplayPlan}, {@link
 * dev.rewind.protocol.control.ReplayProgress}, {@link dev.rewind.protocol.control.DryRunReport}), the records
 * that carry them ({@link dev.rewind.protocol.control.ControlRecords}) and the view every engine instance and the
 * service keep ({@link dev.rewind.protocol.control.ControlLog} over a {@link
 * dev.rewind.protocol.control.ControlIndex}).
 */
package dev.rewind.protocol.control;
