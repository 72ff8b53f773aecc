#!/bin/sh
echo "worker started"
while true; do sleep 60; done
