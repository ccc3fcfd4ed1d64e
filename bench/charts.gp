# The charts of docs/benchmarks.md, from the data files bench/report.mjs writes (label, median,
# min, max per server): bars are medians, whiskers min–max.
#
#   gnuplot -e "dir='docs/benchmarks'" bench/charts.gp
set terminal pngcairo size 1200,420 font "DejaVu Sans,10"
set style fill solid 0.85 border -1
set boxwidth 0.6
set xrange [-0.6:2.6]
set grid ytics
set key off
set yrange [0:*]
set format y "%.1s%c"
set xtics nomirror
colour(label) = label eq "Wick" ? 0x2f6fdf : (label eq "Socket.IO" ? 0xe08a2e : 0x7a7a7a)

set output dir."/throughput.png"
set multiplot layout 1,3 title "Throughput (higher is better; 2 cores shared with the load generator)"
set title "connect+join, 15,000 connections"; set ylabel "connections/s"
plot dir."/connect.dat" using 0:2:(colour(strcol(1))):xtic(1) with boxes lc rgb variable, \
     '' using 0:2:3:4 with yerrorbars lc rgb 'black' pt -1
set title "fan-out burst, 5,000 × 100"; set ylabel "deliveries/s"
plot dir."/fanout_burst.dat" using 0:2:(colour(strcol(1))):xtic(1) with boxes lc rgb variable, \
     '' using 0:2:3:4 with yerrorbars lc rgb 'black' pt -1
set title "echo, 10,000 connections × 1 in flight"; set ylabel "replies/s"
plot dir."/echo.dat" using 0:2:(colour(strcol(1))):xtic(1) with boxes lc rgb variable, \
     '' using 0:2:3:4 with yerrorbars lc rgb 'black' pt -1
unset multiplot

set output dir."/latency.png"
set terminal pngcairo size 900,420 font "DejaVu Sans,10"
set format y "%g"
set multiplot layout 1,2 title "p99 latency, send to receive (lower is better)"
set title "fan-out steady, 5,000 × 10 broadcasts/s"; set ylabel "ms"
plot dir."/fanout_steady.dat" using 0:2:(colour(strcol(1))):xtic(1) with boxes lc rgb variable, \
     '' using 0:2:3:4 with yerrorbars lc rgb 'black' pt -1
set title "rooms, 10,000 connections / 1,000 topics"; set ylabel "ms"
plot dir."/rooms.dat" using 0:2:(colour(strcol(1))):xtic(1) with boxes lc rgb variable, \
     '' using 0:2:3:4 with yerrorbars lc rgb 'black' pt -1
unset multiplot

set output dir."/memory.png"
set terminal pngcairo size 600,420 font "DejaVu Sans,10"
set logscale y
set yrange [10:*]
set title "RSS per idle joined connection, 15,000 conns (log scale)"
set ylabel "bytes"
plot dir."/rss.dat" using 0:2:(colour(strcol(1))):xtic(1) with boxes lc rgb variable, \
     '' using 0:2:3:4 with yerrorbars lc rgb 'black' pt -1
