/**
 * Clustering: adapters that make several nodes one Socket.IO server, so that a broadcast, a room operation or a
 * server-side emit on one node reaches the sockets of every node.
 */
package dev.switchboard.cluster;
