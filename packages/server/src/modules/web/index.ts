/**
 * Web: what the screens need beyond the daily cycle's own routes (dashboards, public config, members).
 *
 * The module's public face: other modules, the app and the demo import only this file.
 */

// Other modules use nothing of it: its routes are registered by modules/index.ts.
export {};
