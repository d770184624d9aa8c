/** Operations: health checks (and later metrics and the dashboard's data). May import every other package. */
package dev.switchboard.admin;
