/**
 * Leader applications: a resident applies, staff approve, and the leader and the pickup point are created together.
 *
 * The module's public face: other modules, the app and the demo import only this file.
 */

// Other modules use nothing of it: its routes are registered by modules/index.ts.
export {};
