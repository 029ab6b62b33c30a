"use client";

import { useEffect, useRef } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";

/** Reads a voucher's QR or barcode with the camera (where the browser has BarcodeDetector). */
export function VoucherScanner({ onCode, onClose }: { onCode: (code: string) => void; onClose: () => void }) {
  const video = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    let stream: MediaStream | null = null;
    let stop = false;
    (async () => {
      try {
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } });
        if (!video.current) return;
        video.current.srcObject = stream;
        await video.current.play();
        const Detector = (window as unknown as { BarcodeDetector: new (o: unknown) => { detect(v: HTMLVideoElement): Promise<{ rawValue: string }[]> } })
          .BarcodeDetector;
        const detector = new Detector({ formats: ["qr_code", "code_128", "code_39"] });
        while (!stop) {
          const found = await detector.detect(video.current).catch(() => []);
          if (found[0]?.rawValue) return onCode(found[0].rawValue);
          await new Promise((r) => setTimeout(r, 250));
        }
      } catch {
        toast.error("The camera is not available. Type the code instead.");
        onClose();
      }
    })();
    return () => {
      stop = true;
      for (const t of stream?.getTracks() ?? []) t.stop();
    };
  }, [onCode, onClose]);
  return (
    <div className="space-y-2">
      <video ref={video} className="w-full rounded-xl bg-black" muted playsInline aria-label="Camera preview" />
      <Button variant="outline" onClick={onClose}>
        Stop scanning
      </Button>
    </div>
  );
}
