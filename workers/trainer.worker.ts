/// <reference lib="webworker" />
/** The trainer Web Worker: owns the device and every network; the page talks to it via comlink. */
import { expose } from 'comlink';
import { Trainer } from './trainer';

expose(new Trainer());
