"""`rj backup`, `rj restore`, `rj rotate-keys`: keeping the journal safe."""
