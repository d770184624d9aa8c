/**
 * Operations: health checks, MicroProfile Metrics and the JMX MBean (published from the counters each layer keeps),
 * and the data behind the REST API's node view and the admin dashboard. May import every other package; no other
 * package imports this one or MicroProfile Metrics.
 */
package dev.switchboard.admin;
