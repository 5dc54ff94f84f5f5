package dev.shadowtrace.runtime.aggregate;

public record MapEntry(byte[] key, byte[] value) {}  // per-CPU maps: every CPU's value, each padded to 8 bytes, concatenated
