import { describe, it, expect, afterEach, vi } from "vitest";
import { blockTouchGestures, observeResize, watchDevicePixelRatio } from "../src/lib/signature-pad/surface";

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe("resizing", () => {
  it("observes the element's box where ResizeObserver exists, until cleaned up", () => {
    const observed: Element[] = [];
    let callback: () => void = () => {};
    let disconnected = 0;
    class FakeResizeObserver {
      constructor(cb: () => void) {
        callback = cb;
      }
      observe(el: Element) {
        observed.push(el);
      }
      disconnect() {
        disconnected++;
      }
    }
    vi.stubGlobal("ResizeObserver", FakeResizeObserver);
    const el = document.createElement("div");
    const onResize = vi.fn();
    const stop = observeResize(el, onResize);
    expect(observed).toEqual([el]);
    callback();
    expect(onResize).toHaveBeenCalledTimes(1);
    stop();
    expect(disconnected).toBe(1);
  });

  it("falls back to the window's size without ResizeObserver", () => {
    vi.stubGlobal("ResizeObserver", undefined);
    const onResize = vi.fn();
    const stop = observeResize(document.createElement("div"), onResize);
    window.dispatchEvent(new Event("resize"));
    expect(onResize).toHaveBeenCalledTimes(1);
    stop();
    window.dispatchEvent(new Event("resize"));
    expect(onResize).toHaveBeenCalledTimes(1);
  });
});

describe("device pixel ratio", () => {
  /** A matchMedia whose queries are kept, with their listeners, to fire them by hand. */
  function fakeMatchMedia() {
    const queries: { media: string; listeners: Set<() => void> }[] = [];
    const matchMedia = (media: string) => {
      const q = { media, listeners: new Set<() => void>() };
      queries.push(q);
      return {
        media,
        addEventListener: (_: string, f: () => void) => q.listeners.add(f),
        removeEventListener: (_: string, f: () => void) => q.listeners.delete(f),
      };
    };
    return { queries, matchMedia };
  }

  it("watches the current ratio and renews the watch after each change", () => {
    const { queries, matchMedia } = fakeMatchMedia();
    vi.stubGlobal("matchMedia", matchMedia);
    const dpr = vi.spyOn(window, "devicePixelRatio", "get").mockReturnValue(1);
    const onChange = vi.fn();
    const stop = watchDevicePixelRatio(onChange);
    expect(queries.map((q) => q.media)).toEqual(["(resolution: 1dppx)"]);
    expect(queries[0].listeners.size).toBe(1);

    dpr.mockReturnValue(2);
    [...queries[0].listeners].forEach((f) => f());
    expect(onChange).toHaveBeenCalledTimes(1);
    expect(queries.map((q) => q.media)).toEqual(["(resolution: 1dppx)", "(resolution: 2dppx)"]);
    expect(queries[0].listeners.size).toBe(0);
    expect(queries[1].listeners.size).toBe(1);

    stop();
    expect(queries[1].listeners.size).toBe(0);
  });

  it("does nothing without matchMedia", () => {
    vi.stubGlobal("matchMedia", undefined);
    const onChange = vi.fn();
    const stop = watchDevicePixelRatio(onChange);
    stop();
    expect(onChange).not.toHaveBeenCalled();
  });
});

describe("touch gestures", () => {
  it("cancels touch scrolling and zooming on the element until cleaned up", () => {
    const el = document.createElement("canvas");
    const stop = blockTouchGestures(el);
    for (const type of ["touchstart", "touchmove", "gesturestart"]) {
      const ev = new Event(type, { cancelable: true });
      el.dispatchEvent(ev);
      expect(ev.defaultPrevented, type).toBe(true);
    }
    const fixed = new Event("touchmove", { cancelable: false });
    el.dispatchEvent(fixed);
    expect(fixed.defaultPrevented).toBe(false);
    stop();
    const after = new Event("touchmove", { cancelable: true });
    el.dispatchEvent(after);
    expect(after.defaultPrevented).toBe(false);
  });
});
