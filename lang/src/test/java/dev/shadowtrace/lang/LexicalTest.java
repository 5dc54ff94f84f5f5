package dev.shadowtrace.lang;

import dev.shadowtrace.lang.ast.Clause;
import dev.shadowtrace.lang.ast.ProbeKind;
import dev.shadowtrace.lang.ast.Script;
import dev.shadowtrace.lang.diag.SourceFile;
import dev.shadowtrace.lang.diag.SourcePos;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.shadowtrace.lang.Scripts.body;
import static dev.shadowtrace.lang.Scripts.check;
import static dev.shadowtrace.lang.Scripts.messages;
import static dev.shadowtrace.lang.Scripts.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LexicalTest {

    @Test
    void commentsAnywhere() {
        Script script = parse("""
                // line comment before the probe
                /* block
                   comment */ fbt::f:entry /* between */ , fbt::g:entry // after
                /* before predicate */ /pid /* inside */ == 1/ /* after predicate */ {
                    x = 1; // trailing
                    /* alone */
                    y = /* inside an expression */ 2;
                }
                """);
        Clause clause = script.clauses().get(0);
        assertEquals(2, clause.probes().size());
        assertEquals("(== pid 1)", AstPrinter.print(clause.predicate().orElseThrow()));
        assertEquals("(= x 1); (= y 2)", body(script));
    }

    @Test
    void shebangLineIsIgnored() {
        Script script = parse("#!/usr/bin/env shadowtrace -p 42\nBEGIN { exit(); }");
        assertEquals(ProbeKind.BEGIN, script.clauses().get(0).probes().get(0).kind());
        assertEquals(new SourcePos(2, 1), script.clauses().get(0).pos());
    }

    @Test
    void shebangOnlyOnTheFirstLine() {
        assertEquals(List.of("expected a probe description such as fbt::vfs_read:entry, found '#'"),
                messages("BEGIN { }\n#!/bin/sh\n"));
    }

    @Test
    void oneLiners() {
        Script script = parse("fbt::vfs_read:entry /execname == \"sshd\"/ { @[probefunc] = count(); } "
                + "tick-1s { printa(@); clear(@); }");
        assertEquals(2, script.clauses().size());
        check("kprobe:vfs_read { @bytes[comm] = sum(arg2) } END { print(@bytes) }");
        check("BEGIN{printf(\"hello\\n\");exit()}");
    }

    @Test
    void multiClauseFiles() {
        Script script = parse("""
                BEGIN
                {
                	printf("tracing...\\n");
                }

                fbt::vfs_read:entry,
                fbt::vfs_write:entry
                /execname != "shadowtrace"/
                {
                	self->ts = timestamp;
                }

                fbt::vfs_read:return, fbt::vfs_write:return
                /self->ts/
                {
                	@ns[probefunc] = quantize(timestamp - self->ts);
                	self->ts = 0;
                }

                END { printa(@ns); }
                """);
        assertEquals(List.of(1, 6, 13, 20), script.clauses().stream().map(c -> c.pos().line()).toList());
        assertEquals(List.of(1, 2, 2, 1), script.clauses().stream().map(c -> c.probes().size()).toList());
    }

    @Test
    void emptyScripts() {
        assertTrue(parse("").clauses().isEmpty());
        assertTrue(parse("  // nothing\n/* at all */\n").clauses().isEmpty());
    }

    @Test
    void commandLineSourceName() throws Exception {
        Script script = ScriptParser.parse(SourceFile.COMMAND_LINE, "BEGIN { }");
        assertEquals("<command-line>", script.source().name());
    }

    @Test
    void windowsLineEndings() {
        Script script = parse("BEGIN\r\n{\r\n\tx = 1;\r\n}\r\n");
        assertEquals(new SourcePos(3, 2), script.clauses().get(0).body().get(0).pos());
    }

    @Test
    void malformedLiterals() {
        assertEquals(List.of("unknown escape sequence '\\q'"), messages("BEGIN { x = \"a\\qb\"; }"));
        assertEquals(List.of("integer literals cannot start with 0: octal is not supported"),
                messages("BEGIN { x = 0755; }"));
        assertEquals(List.of("integer literal 18446744073709551616 does not fit in 64 bits"),
                messages("BEGIN { x = 18446744073709551616; }"));
        assertEquals(List.of("integer literal 0x10000000000000000 does not fit in 64 bits"),
                messages("BEGIN { x = 0x10000000000000000; }"));
    }
}
