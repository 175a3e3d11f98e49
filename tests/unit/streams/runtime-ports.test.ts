import { describe, expect, it } from "vitest";
import { installRuntimePorts, port, setDefaultRuntimePorts, type RuntimePorts } from "~/modules/streams/runtime/ports";

const unused = () => {
  throw new Error("not used here");
};

function portsNamed(workerId: string): RuntimePorts {
  return {
    files: { getFile: unused, loadReadyFile: unused, readReadyFile: unused, streamStoredObject: unused },
    snapshots: { createSnapshot: unused },
    exceptions: { carryForward: unused },
    audit: { record: unused },
    storage: { releaseStoredObject: unused, lockStorageKey: unused },
    runEvents: { runEnded: unused },
    gates: { passGate: async () => {}, applyStepFaults: async () => {} },
    worker: { workerId: () => workerId },
  };
}

describe("the streams runtime's ports", () => {
  it("serve an installed port in front of the default, and the default again once it is restored", () => {
    const defaults = portsNamed("worker_default");
    setDefaultRuntimePorts(defaults);
    expect(port("worker").workerId()).toBe("worker_default");
    const restore = installRuntimePorts({ worker: { workerId: () => "worker_test" } });
    expect(port("worker").workerId()).toBe("worker_test");
    // A port not installed still comes from the defaults.
    expect(port("gates")).toBe(defaults.gates);
    restore();
    expect(port("worker").workerId()).toBe("worker_default");
  });
});
