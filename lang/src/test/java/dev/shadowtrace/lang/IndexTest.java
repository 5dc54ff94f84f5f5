package dev.shadowtrace.lang;

import dev.shadowtrace.lang.ast.Index;
import dev.shadowtrace.lang.types.ScalarType;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.shadowtrace.lang.Scripts.checkExpr;
import static dev.shadowtrace.lang.Scripts.expr;
import static dev.shadowtrace.lang.Scripts.messages;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** x[i]: elements of kernel arrays and typed pointers, postfix like '->' and '.'. */
class IndexTest {

    @Test
    void indexBindsLikeAMember() {
        assertEquals("((curtask->comm)[0])", expr("curtask->comm[0]"));
        assertEquals("(- ((args->a[(+ arg1 1)]).b))", expr("-args->a[arg1 + 1].b"));
        assertEquals("((((struct s *) arg0)[1])[2])", expr("((struct s *)arg0)[1][2]"));
        assertEquals("@m[((curtask->comm)[1])]", expr("@m[curtask->comm[1]]"));
    }

    @Test
    void anElementIsAnInteger() {
        Index e = assertInstanceOf(Index.class, checkExpr("", "curtask->comm[pid % 16]"));
        assertEquals(ScalarType.INT, e.type());
        assertEquals(ScalarType.INT, e.index().type());
    }

    @Test
    void stringsAreNotIndexed() {
        assertEquals(List.of("operator '[]' cannot be applied to string"),
                messages("fbt::f:entry { trace(execname[0]); }"));
        assertEquals(List.of("operator '[]' cannot be applied to string"),
                messages("fbt::f:entry { trace(curtask->comm[execname]); }"));
    }
}
