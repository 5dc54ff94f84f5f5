package dev.shadowtrace.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.jna.Pointer;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;

/** SHADOWK_IOC_CALLERS as the module reads it, with a stand-in module answering it. */
class CallersRequestTest {
    private static final long FUNCTION = 0xffffffff8133c9e0L;

    /** A module that knows {@code callers} of {@link #FUNCTION} and records each request's capacity. */
    private static final class FakeModule implements RecordArrayRequest.Issuer {
        final List<Long> callers;
        final List<Integer> capacities = new ArrayList<>();

        FakeModule(List<Long> callers) {
            this.callers = callers;
        }

        @Override
        public void issue(Pointer req) {
            assertEquals(FUNCTION, req.getLong(ShadowkAbi.CALLERS_OFF_ADDR));
            assertEquals(0, req.getInt(ShadowkAbi.CALLERS_SIZE - 4), "__reserved");
            int capacity = req.getInt(ShadowkAbi.CALLERS_OFF_COUNT);
            capacities.add(capacity);
            Pointer array = new Pointer(req.getLong(ShadowkAbi.CALLERS_OFF_CALLERS));
            for (int i = 0; i < Math.min(capacity, callers.size()); i++) {
                assertEquals(0, array.getLong(8L * i), "the array is zeroed before use");
                array.setLong(8L * i, callers.get(i));
            }
            req.setInt(ShadowkAbi.CALLERS_OFF_COUNT, callers.size());
        }
    }

    private static List<Long> addresses(int n) {
        return LongStream.range(0, n).map(i -> 0xffffffff81000000L + 0x40 * i).boxed().toList();
    }

    @Test
    void theRequestCarriesTheFunctionTheArrayAndItsCapacity() throws Exception {
        FakeModule module = new FakeModule(addresses(3));
        assertEquals(addresses(3), CallersRequest.fetch(module, FUNCTION));
        assertEquals(List.of(RecordArrayRequest.INITIAL_CAPACITY), module.capacities, "one request when all fit");
        assertEquals(24, ShadowkAbi.CALLERS_SIZE);
    }

    @Test
    void moreCallersThanFitAreAskedForAgain() throws Exception {
        FakeModule module = new FakeModule(addresses(40));
        assertEquals(addresses(40), CallersRequest.fetch(module, FUNCTION));
        assertEquals(List.of(16, 56), module.capacities, "then room for those that exist, and a few more");
    }

    @Test
    void noCallersIsAnEmptyList() throws Exception {
        assertEquals(List.of(), CallersRequest.fetch(new FakeModule(List.of()), FUNCTION));
    }

    @Test
    void neverMoreThanTheModuleMayGive() throws Exception {
        FakeModule module = new FakeModule(addresses(ShadowkAbi.CALLERS_MAX + 10));
        List<Long> got = CallersRequest.fetch(module, FUNCTION);
        assertEquals(ShadowkAbi.CALLERS_MAX, got.size());
        assertEquals(List.of(16, ShadowkAbi.CALLERS_MAX), module.capacities);
    }

    @Test
    void theModulesRefusalIsThrown() {
        ShadowkException refusal = ShadowkErrors.callers(FUNCTION, Errno.ERANGE);
        assertSame(refusal, assertThrows(ShadowkException.class,
                () -> CallersRequest.fetch(req -> { throw refusal; }, FUNCTION)));
    }
}
