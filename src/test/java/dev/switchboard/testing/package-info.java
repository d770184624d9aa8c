/** Test infrastructure shared by integration tests: real server processes. */
package dev.switchboard.testing;
