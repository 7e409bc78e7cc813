import { writeFileSync } from 'node:fs';

/** G.711 µ-law over RTP: payload type 0, 8 kHz, 20 ms (160 samples) per packet. */
const PT_PCMU = 0;
const SAMPLES_PER_PACKET = 160;
const PACKET_MS = 20;

/** The IPv4 header checksum (RFC 791): ones' complement of the ones' complement sum of 16-bit words. */
function ipChecksum(header: Buffer): number {
  let sum = 0;
  for (let i = 0; i < header.length; i += 2) sum += header.readUInt16BE(i);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

/** One Ethernet/IPv4/UDP frame around `payload` (addresses are placeholders: sipp rewrites them). */
function udpFrame(payload: Buffer, id: number): Buffer {
  const eth = Buffer.alloc(14);
  eth.writeUInt16BE(0x0800, 12);
  const ip = Buffer.alloc(20);
  ip.writeUInt8(0x45, 0);
  ip.writeUInt16BE(20 + 8 + payload.length, 2);
  ip.writeUInt16BE(id & 0xffff, 4);
  ip.writeUInt16BE(0x4000, 6); // don't fragment
  ip.writeUInt8(64, 8);
  ip.writeUInt8(17, 9); // UDP
  Buffer.from([10, 0, 0, 1]).copy(ip, 12);
  Buffer.from([10, 0, 0, 2]).copy(ip, 16);
  ip.writeUInt16BE(ipChecksum(ip), 10);
  const udp = Buffer.alloc(8);
  udp.writeUInt16BE(6000, 0);
  udp.writeUInt16BE(6002, 2);
  udp.writeUInt16BE(8 + payload.length, 4);
  return Buffer.concat([eth, ip, udp, payload]);
}

/**
 * A pcap file (Ethernet link type, as sipp's own g711a.pcap) of one RTP stream carrying `mulaw`
 * (8 kHz µ-law samples) in 20 ms packets at real-time spacing: what sipp's `play_pcap_audio` sends to
 * the media address the other side answered with. The last packet is padded with µ-law silence.
 *
 * @returns the stream's duration in ms
 */
export function writeMulawRtpPcap(path: string, mulaw: Uint8Array): number {
  const packets = Math.ceil(mulaw.length / SAMPLES_PER_PACKET);
  const header = Buffer.alloc(24);
  header.writeUInt32LE(0xa1b2c3d4, 0);
  header.writeUInt16LE(2, 4);
  header.writeUInt16LE(4, 6);
  header.writeUInt32LE(65535, 16); // snaplen
  header.writeUInt32LE(1, 20); // LINKTYPE_ETHERNET
  const parts: Buffer[] = [header];
  const ssrc = 0x5eed1234;
  for (let i = 0; i < packets; i++) {
    const rtp = Buffer.alloc(12 + SAMPLES_PER_PACKET, 0xff); // 0xff: µ-law silence
    rtp.writeUInt8(0x80, 0); // version 2
    rtp.writeUInt8((i === 0 ? 0x80 : 0) | PT_PCMU, 1); // marker on the first packet
    rtp.writeUInt16BE(i & 0xffff, 2);
    rtp.writeUInt32BE((i * SAMPLES_PER_PACKET) >>> 0, 4);
    rtp.writeUInt32BE(ssrc, 8);
    Buffer.from(mulaw.subarray(i * SAMPLES_PER_PACKET, (i + 1) * SAMPLES_PER_PACKET)).copy(rtp, 12);
    const frame = udpFrame(rtp, i);
    const rec = Buffer.alloc(16);
    const us = i * PACKET_MS * 1000;
    rec.writeUInt32LE(Math.floor(us / 1e6), 0);
    rec.writeUInt32LE(us % 1e6, 4);
    rec.writeUInt32LE(frame.length, 8);
    rec.writeUInt32LE(frame.length, 12);
    parts.push(rec, frame);
  }
  writeFileSync(path, Buffer.concat(parts));
  return packets * PACKET_MS;
}
