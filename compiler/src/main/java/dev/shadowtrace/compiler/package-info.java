package dev.shadowtrace.compiler;
