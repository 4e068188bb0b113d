/**
 * Orders desk: staff find an order and act on it (refund a line, deliver again, move, resend the
 * code). Other modules use nothing of it: its routes are mounted by the registry.
 */
export {};
