"""One build: planning the jobs, signing them, rendering in the pool, checking links, writing the standby folder and swapping it in, under the lock."""
