package dev.shadowtrace.runtime.aggregate;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

public interface MapReader {
    List<MapEntry> entries(String mapName) throws IOException;   // all entries of a kernel map by its BPF name (MapSpec name)
    Optional<byte[]> lookup(String mapName, byte[] key) throws IOException;
    void update(String mapName, byte[] key, byte[] value) throws IOException;
    void delete(String mapName, byte[] key) throws IOException;
    int possibleCpus();
}
