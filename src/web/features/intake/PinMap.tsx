/**
 * A Leaflet map to drop a pin on. Loaded lazily (it is the heaviest part of the console) and
 * optional: with no tile server, or offline, the map is blank but still takes a pin.
 */
import 'leaflet/dist/leaflet.css';
import L from 'leaflet';
import { useEffect, useRef } from 'react';

export interface Pin {
  lat: number;
  lng: number;
}

const icon = L.divIcon({ className: 'pin-icon', html: '<span aria-hidden="true">📍</span>', iconSize: [28, 28], iconAnchor: [14, 26] });

export default function PinMap({ tileUrl, center, pin, onPin, label }: { tileUrl: string; center: { lat: number; lng: number; zoom: number }; pin: Pin | null; onPin: (p: Pin) => void; label: string }) {
  const el = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map | null>(null);
  const marker = useRef<L.Marker | null>(null);

  useEffect(() => {
    if (!el.current) return;
    const m = L.map(el.current, { keyboard: true, attributionControl: !!tileUrl }).setView([center.lat, center.lng], center.zoom);
    if (tileUrl) L.tileLayer(tileUrl, { maxZoom: 19, attribution: '© OpenStreetMap' }).addTo(m);
    m.on('click', (e: L.LeafletMouseEvent) => onPin({ lat: Number(e.latlng.lat.toFixed(6)), lng: Number(e.latlng.lng.toFixed(6)) }));
    map.current = m;
    return () => void m.remove();
    // The map is created once; later pins go through the marker effect below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [tileUrl]);

  useEffect(() => {
    if (!map.current) return;
    if (!pin) {
      marker.current?.remove();
      marker.current = null;
      return;
    }
    if (marker.current) marker.current.setLatLng(pin);
    else marker.current = L.marker(pin, { icon }).addTo(map.current);
  }, [pin]);

  return <div ref={el} role="application" aria-label={label} style={{ height: 260, borderRadius: 4, border: '1px solid #ced4da', background: '#eef2f5' }} />;
}
