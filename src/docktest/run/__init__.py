"""Running pages in a throwaway Docker-in-Docker sandbox: images, sandbox, session, cache, shards."""
