"""The graph beyond this process: a read-only SPARQL endpoint (`serve`) and a push to a triple store (`push`)."""
