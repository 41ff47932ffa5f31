/**
 * The provider-independent heart of the {@code trafficShift} step: the model a traffic provider speaks
 * ({@link io.stamprelease.core.traffic.TrafficState}, {@link io.stamprelease.core.traffic.TrafficChange}),
 * weight arithmetic, step plans, guardrails and DNS-aware waits. Everything here is pure: no I/O, no clocks.
 * Each provider (Azure Traffic Manager, F5 BIG-IP DNS, …) is one package implementing
 * {@link io.stamprelease.core.traffic.TrafficProvider}.
 */
package io.stamprelease.core.traffic;
