/**
 * A loading spinner drawn by CSS. antd-mobile's SpinLoading animates with react-spring, which
 * would add an animation library to the shop's first load for a few hundred milliseconds of use.
 */
export function Spinner({ size = 32 }: { size?: number }) {
  return <span className="ll-spinner" role="status" style={{ width: size, height: size }} />;
}
