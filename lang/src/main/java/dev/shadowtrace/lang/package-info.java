package dev.shadowtrace.lang;
