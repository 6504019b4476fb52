// The pad's surroundings: what makes it measure itself again (its box resized, the device pixel
// ratio changed) and the touch gestures it must cancel. Each returns its own clean-up.

/** Calls `onResize` when `el`'s box changes size (the window's size where ResizeObserver is missing). */
export function observeResize(el: Element, onResize: () => void): () => void {
  if (typeof ResizeObserver === "function") {
    const ro = new ResizeObserver(() => onResize());
    ro.observe(el);
    return () => ro.disconnect();
  }
  window.addEventListener("resize", onResize);
  return () => window.removeEventListener("resize", onResize);
}

/**
 * Calls `onChange` when devicePixelRatio changes (window moved to another screen, zoom), which does
 * not resize the box: a media query on the current ratio, renewed after every change.
 */
export function watchDevicePixelRatio(onChange: () => void): () => void {
  let mq: MediaQueryList | null = null;
  const onDpr = () => {
    onChange();
    watchDpr();
  };
  const watchDpr = () => {
    mq?.removeEventListener?.("change", onDpr);
    if (typeof matchMedia !== "function") return;
    mq = matchMedia(`(resolution: ${window.devicePixelRatio || 1}dppx)`);
    mq.addEventListener?.("change", onDpr);
  };
  watchDpr();
  return () => mq?.removeEventListener?.("change", onDpr);
}

/**
 * Cancels touch scrolling and zooming on `el`. Older WebKit still scrolls / zooms on touch unless
 * touch events are cancelled; Svelte's own touch handlers are passive, so these are added by hand.
 */
export function blockTouchGestures(el: HTMLElement): () => void {
  const block = (e: Event) => {
    if (e.cancelable) e.preventDefault();
  };
  const types = ["touchstart", "touchmove", "gesturestart"];
  for (const type of types) el.addEventListener(type, block, { passive: false });
  return () => types.forEach((type) => el.removeEventListener(type, block));
}
