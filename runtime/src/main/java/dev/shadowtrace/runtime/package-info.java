package dev.shadowtrace.runtime;
