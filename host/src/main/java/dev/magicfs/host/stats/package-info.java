/**
 * What a running mount counts: requests by operation (count, bytes, latency, errors) and gauges read when
 * someone looks, kept in a Prometheus registry. Knows nothing of FUSE: operations are names.
 */
package dev.magicfs.host.stats;
