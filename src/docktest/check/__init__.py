"""Static checks: one function per rule, and the docker command table they check against."""
